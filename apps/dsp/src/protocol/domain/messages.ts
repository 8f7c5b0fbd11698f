import { AppError, type FieldError } from '@dx/contracts';

/*
 * DSP 2025-1 messages as peers send them: JSON-LD compacted with the DSP context (the form the
 * specification's JSON Schemas describe). The gateway reads that form and never expands it, so no
 * context or other remote document is ever fetched (docs/dataspace.md §1). Reading collects every
 * problem with its path, so a peer learns all of them from one answer.
 */

export const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
export const DSP_NS = 'https://w3id.org/dspace/2025/1/';
export const DSP_VERSION = '2025-1';

export type DspMessageType =
  | 'CatalogRequestMessage'
  | 'ContractRequestMessage'
  | 'ContractNegotiationEventMessage'
  | 'ContractAgreementVerificationMessage'
  | 'ContractNegotiationTerminationMessage'
  | 'TransferRequestMessage'
  | 'TransferStartMessage'
  | 'TransferCompletionMessage'
  | 'TransferSuspensionMessage'
  | 'TransferTerminationMessage';

export type DspErrorType = 'CatalogError' | 'ContractNegotiationError' | 'TransferError';

type Json = Record<string, unknown>;
export type Read<T> = { ok: true; message: T } | { ok: false; errors: FieldError[] };

const MAX_TEXT = 2048;

/** `ContractRequestMessage`, `dspace:ContractRequestMessage` and the full IRI are one type. */
export const typeName = (value: unknown): string | null =>
  typeof value !== 'string'
    ? null
    : value.startsWith(DSP_NS)
      ? value.slice(DSP_NS.length)
      : value.startsWith('dspace:')
        ? value.slice('dspace:'.length)
        : value;

class Reader {
  readonly errors: FieldError[] = [];
  constructor(readonly body: Json) {}

  text(name: string, required = true): string | undefined {
    const v = this.body[name];
    if (v === undefined) {
      if (required) this.errors.push({ path: name, message: 'is required' });
      return undefined;
    }
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_TEXT) {
      this.errors.push({
        path: name,
        message: `must be a non-empty string of at most ${MAX_TEXT} characters`,
      });
      return undefined;
    }
    return v;
  }

  address(name: string): string | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    let url: URL | null = null;
    try {
      url = new URL(v);
    } catch {
      url = null;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
      this.errors.push({
        path: name,
        message: 'must be an absolute http(s) URL without credentials',
      });
      return undefined;
    }
    return v.replace(/\/$/, '');
  }

  reasons(name: string): string[] | undefined {
    const v = this.body[name];
    if (v === undefined) return undefined;
    const list = Array.isArray(v) ? v : [v];
    const out = list.map((r) =>
      typeof r === 'string'
        ? r
        : r && typeof r === 'object' && typeof (r as Json)['@value'] === 'string'
          ? ((r as Json)['@value'] as string)
          : null,
    );
    if (out.some((r) => r === null || r.length > MAX_TEXT)) {
      this.errors.push({ path: name, message: 'must be strings' });
      return undefined;
    }
    return out as string[];
  }
}

/** The common envelope: an object, the DSP 2025-1 context, the expected type. */
function envelope(body: unknown, type: DspMessageType): Reader | FieldError[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [{ path: '', message: `must be a ${type} (a JSON object)` }];
  const r = new Reader(body as Json);
  const context = r.body['@context'];
  const contexts = Array.isArray(context) ? context : [context];
  if (!contexts.includes(DSP_CONTEXT))
    r.errors.push({
      path: '@context',
      message: `must include ${DSP_CONTEXT} (DSP ${DSP_VERSION})`,
    });
  const actual = typeName(r.body['@type']);
  if (actual !== type)
    r.errors.push({
      path: '@type',
      message: `must be ${type}${actual ? `, not ${actual}` : ''}`,
    });
  return r;
}

function done<T>(r: Reader | FieldError[], build: (r: Reader) => T): Read<T> {
  if (Array.isArray(r)) return { ok: false, errors: r };
  const message = build(r);
  return r.errors.length ? { ok: false, errors: r.errors } : { ok: true, message };
}

export interface ContractRequest {
  consumerPid: string;
  /** Present when the consumer answers an offer of ours in an existing negotiation. */
  providerPid?: string;
  callbackAddress: string;
  offer: Json;
}

export function readContractRequest(body: unknown): Read<ContractRequest> {
  return done(envelope(body, 'ContractRequestMessage'), (r) => {
    const consumerPid = r.text('consumerPid');
    const providerPid = r.text('providerPid', false);
    const callbackAddress = r.address('callbackAddress');
    const offer = r.body.offer;
    if (!offer || typeof offer !== 'object' || Array.isArray(offer))
      r.errors.push({ path: 'offer', message: 'is required: the ODRL offer being requested' });
    else if (typeof (offer as Json)['@id'] !== 'string')
      r.errors.push({
        path: 'offer.@id',
        message: 'is required: the id of the offer from our catalogue',
      });
    return {
      consumerPid: consumerPid!,
      ...(providerPid ? { providerPid } : {}),
      callbackAddress: callbackAddress!,
      offer: offer as Json,
    };
  });
}

export interface ProcessMessage {
  providerPid: string;
  consumerPid: string;
  code?: string;
  reason?: string[];
}

/** Messages that only name the process (and, for stops, why). */
export function readProcessMessage(body: unknown, type: DspMessageType): Read<ProcessMessage> {
  return done(envelope(body, type), (r) => {
    const providerPid = r.text('providerPid');
    const consumerPid = r.text('consumerPid');
    const code = r.text('code', false);
    const reason = r.reasons('reason');
    return {
      providerPid: providerPid!,
      consumerPid: consumerPid!,
      ...(code ? { code } : {}),
      ...(reason ? { reason } : {}),
    };
  });
}

export function readNegotiationEvent(body: unknown): Read<ProcessMessage & { eventType: string }> {
  return done(envelope(body, 'ContractNegotiationEventMessage'), (r) => {
    const providerPid = r.text('providerPid');
    const consumerPid = r.text('consumerPid');
    const eventType = typeName(r.body.eventType);
    // A consumer only ever sends ACCEPTED (FINALIZED is the provider's).
    if (eventType !== 'ACCEPTED')
      r.errors.push({ path: 'eventType', message: 'a consumer sends ACCEPTED' });
    return { providerPid: providerPid!, consumerPid: consumerPid!, eventType: eventType ?? '' };
  });
}

export interface TransferRequest {
  consumerPid: string;
  agreementId: string;
  format: string;
  callbackAddress: string;
}

/** Pull transfers over HTTP are what the platform serves. */
export const PULL_FORMAT = 'HttpData-PULL';

export function readTransferRequest(body: unknown): Read<TransferRequest> {
  return done(envelope(body, 'TransferRequestMessage'), (r) => {
    const consumerPid = r.text('consumerPid');
    const agreementId = r.text('agreementId');
    const format = r.text('format');
    const callbackAddress = r.address('callbackAddress');
    if (format !== undefined && format !== PULL_FORMAT)
      r.errors.push({
        path: 'format',
        message: `only ${PULL_FORMAT} is served (the platform has no push)`,
      });
    // A consumer's data address is for push transfers; a pull has none to use, and it is ignored.
    return {
      consumerPid: consumerPid!,
      agreementId: agreementId!,
      format: format!,
      callbackAddress: callbackAddress!,
    };
  });
}

export function readCatalogRequest(body: unknown): Read<{ filter: unknown[] }> {
  return done(envelope(body, 'CatalogRequestMessage'), (r) => {
    const filter = r.body.filter;
    if (
      filter !== undefined &&
      !Array.isArray(filter) &&
      (typeof filter !== 'object' || filter === null)
    )
      r.errors.push({ path: 'filter', message: 'must be an array or an object' });
    // The filter is implementation-specific (EDC sends its paging query with every request): the
    // gateway offers no filter language and answers the whole catalogue the caller may see.
    return { filter: filter === undefined ? [] : Array.isArray(filter) ? filter : [filter] };
  });
}

/** The DSP error body (CatalogError, ContractNegotiationError, TransferError). */
export function dspError(
  type: DspErrorType,
  e: { code: string; reasons: string[]; providerPid?: string; consumerPid?: string },
): Json {
  return {
    '@context': [DSP_CONTEXT],
    '@type': type,
    ...(e.providerPid ? { providerPid: e.providerPid } : {}),
    ...(e.consumerPid ? { consumerPid: e.consumerPid } : {}),
    code: e.code,
    reason: e.reasons,
  };
}

/** The message, or 400 `DSP.INVALID_MESSAGE` naming every problem (a DSP error body at the edge). */
export function validMessage<T>(read: Read<T>, what: string): T {
  if (!read.ok) throw new AppError('invalid', 'DSP.INVALID_MESSAGE', `not a ${what}`, read.errors);
  return read.message;
}
