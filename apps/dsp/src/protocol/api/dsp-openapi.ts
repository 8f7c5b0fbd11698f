import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { DSP_CONTEXT } from '../domain/messages';

/*
 * How DSP operations appear in the gateway's OpenAPI document: JSON-LD bodies whose exact form is
 * the specification's (its JSON Schemas), and DSP error bodies instead of problem documents.
 */

const context = {
  description: `JSON-LD context; includes ${DSP_CONTEXT}`,
  oneOf: [{ type: 'string' }, { type: 'array', items: {} }],
};

export const DSP_ERROR_SCHEMA = {
  type: 'object',
  description: 'a DSP 2025-1 error: CatalogError, ContractNegotiationError or TransferError',
  required: ['@context', '@type', 'code', 'reason'],
  properties: {
    '@context': context,
    '@type': {
      type: 'string',
      enum: ['CatalogError', 'ContractNegotiationError', 'TransferError'],
    },
    providerPid: { type: 'string' },
    consumerPid: { type: 'string' },
    code: { type: 'string', description: 'our stable code, e.g. `DSP.INVALID_MESSAGE`' },
    reason: {
      type: 'array',
      items: { type: 'string' },
      description: 'what went wrong, then each offending field as `path: why`',
    },
  },
};

/** A DSP JSON-LD message or resource of the given type. */
export const dspBody = (type: string, description: string) => ({
  type: 'object',
  description,
  required: ['@context', '@type'],
  properties: { '@context': context, '@type': { type: 'string', const: type } },
  additionalProperties: true,
});

/** A DSP operation: its answer and the DSP error body for every refusal. */
export const DspOperation = (status: 200 | 201, type: string, description: string) =>
  applyDecorators(
    status === 200
      ? ApiOkResponse({ description, schema: dspBody(type, description) })
      : ApiResponse({ status, description, schema: dspBody(type, description) }),
    ApiExtension('x-error-body', DSP_ERROR_SCHEMA),
  );
