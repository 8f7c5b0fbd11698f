import { defineResponse } from '@dx/service-kit';
import type { TokenResponse } from '../../application/issue-token.handler';
import type { NewCredentials } from '../../application/rotate-client-secret.handler';

export const TokenBody = defineResponse<TokenResponse>()('TokenResponse', {
  schema: {
    type: 'object',
    description: 'RFC 6749 §5.1 access token response',
    required: ['access_token', 'token_type', 'expires_in'],
    properties: {
      access_token: { type: 'string', description: 'a signed JWT (RS256); send as Bearer' },
      token_type: { type: 'string', enum: ['Bearer'] },
      expires_in: { type: 'integer', description: 'seconds until it expires' },
    },
    additionalProperties: false,
  },
});

/** RFC 7517 key set; the members of each key are those of its type (RSA: n, e). */
/** A published verification key: EC P-256 (ES256) today; RSA members if a deployment signs RS256. */
interface PublishedKey {
  kty: string;
  kid: string;
  alg: string;
  use: 'sig';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

export const JwksBody = defineResponse<{ keys: PublishedKey[] }>()('JsonWebKeySet', {
  schema: {
    type: 'object',
    required: ['keys'],
    properties: {
      keys: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kty', 'kid', 'alg', 'use'],
          properties: {
            kty: { type: 'string', example: 'EC' },
            kid: { type: 'string' },
            alg: { type: 'string', example: 'ES256' },
            use: { type: 'string', enum: ['sig'] },
            crv: { type: 'string', example: 'P-256' },
            x: { type: 'string' },
            y: { type: 'string' },
            n: { type: 'string' },
            e: { type: 'string' },
          },
          additionalProperties: true,
        },
      },
    },
    additionalProperties: false,
  },
});

interface PlatformClientCreated {
  clientId: string;
  clientSecret?: string;
  name: string;
  roles: Array<'auditor' | 'dashboard'>;
  createdAt: string;
}

export const PlatformClientBody = defineResponse<PlatformClientCreated>()('PlatformClient', {
  schema: {
    type: 'object',
    required: ['clientId', 'name', 'roles', 'createdAt'],
    properties: {
      clientId: { type: 'string' },
      clientSecret: {
        type: 'string',
        description: 'shown once, in the first answer; a replay (same Idempotency-Key) omits it',
      },
      name: { type: 'string' },
      roles: { type: 'array', items: { type: 'string', enum: ['auditor', 'dashboard'] } },
      createdAt: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  },
});

export const NewCredentialsBody = defineResponse<NewCredentials>()('NewCredentials', {
  schema: {
    type: 'object',
    required: ['clientId', 'clientSecret', 'rotatedAt'],
    properties: {
      clientId: { type: 'string' },
      clientSecret: { type: 'string', description: 'shown once; only its hash is kept' },
      rotatedAt: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  },
});

export const SigningKeyRotationBody = defineResponse<{ kid: string; retiredKid: string | null }>()(
  'SigningKeyRotation',
  {
    schema: {
      type: 'object',
      required: ['kid', 'retiredKid'],
      properties: {
        kid: { type: 'string', description: 'the key that signs from now on' },
        retiredKid: {
          type: ['string', 'null'],
          description: 'the previous key, kept in the JWKS until its tokens expire',
        },
      },
      additionalProperties: false,
    },
  },
);
