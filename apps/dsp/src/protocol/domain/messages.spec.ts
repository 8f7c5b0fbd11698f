import {
  DSP_CONTEXT,
  dspError,
  readCatalogRequest,
  readContractRequest,
  readNegotiationEvent,
  readProcessMessage,
  readTransferRequest,
} from './messages';

const ctx = { '@context': [DSP_CONTEXT] };

describe('reading DSP 2025-1 messages', () => {
  it('reads a contract request in compact form, whatever way the type is written', () => {
    const body = {
      ...ctx,
      '@type': 'dspace:ContractRequestMessage',
      consumerPid: 'urn:uuid:32541fe6',
      callbackAddress: 'https://consumer.example/protocol/2025-1/',
      offer: { '@id': 'urn:offer:1', '@type': 'Offer', target: 'd1', permission: [] },
    };
    expect(readContractRequest(body)).toEqual({
      ok: true,
      message: {
        consumerPid: 'urn:uuid:32541fe6',
        callbackAddress: 'https://consumer.example/protocol/2025-1',
        offer: body.offer,
      },
    });
  });

  it('names every problem at once: context, type, fields, callback address', () => {
    const read = readContractRequest({
      '@context': 'https://w3id.org/dspace/v0.8/context.json',
      '@type': 'ContractOfferMessage',
      consumerPid: '',
      callbackAddress: 'ftp://user:pw@consumer.example',
    });
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.errors.map((e) => e.path)).toEqual([
      '@context',
      '@type',
      'consumerPid',
      'callbackAddress',
      'offer',
    ]);
  });

  it('refuses what is not an object', () => {
    expect(readCatalogRequest([1, 2])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'must be a CatalogRequestMessage (a JSON object)' }],
    });
  });

  it('takes a catalogue request with or without a filter (EDC sends its paging query), but not a filter that is no structure', () => {
    expect(readCatalogRequest({ ...ctx, '@type': 'CatalogRequestMessage' }).ok).toBe(true);
    const paged = readCatalogRequest({
      ...ctx,
      '@type': 'CatalogRequestMessage',
      filter: [{ offset: 0, limit: 50 }],
    });
    expect(paged).toEqual({ ok: true, message: { filter: [{ offset: 0, limit: 50 }] } });
    const odd = readCatalogRequest({ ...ctx, '@type': 'CatalogRequestMessage', filter: 'all' });
    expect(odd.ok ? null : odd.errors[0].path).toBe('filter');
  });

  it('reads a termination with its code and reasons, as strings or value objects', () => {
    const read = readProcessMessage(
      {
        ...ctx,
        '@type': 'ContractNegotiationTerminationMessage',
        providerPid: 'urn:uuid:p',
        consumerPid: 'urn:uuid:c',
        code: 'CANCELLED',
        reason: ['no longer needed', { '@value': 'budget' }],
      },
      'ContractNegotiationTerminationMessage',
    );
    expect(read).toEqual({
      ok: true,
      message: {
        providerPid: 'urn:uuid:p',
        consumerPid: 'urn:uuid:c',
        code: 'CANCELLED',
        reason: ['no longer needed', 'budget'],
      },
    });
  });

  it('accepts only ACCEPTED as a consumer’s negotiation event', () => {
    const base = {
      ...ctx,
      '@type': 'ContractNegotiationEventMessage',
      providerPid: 'p',
      consumerPid: 'c',
    };
    expect(readNegotiationEvent({ ...base, eventType: 'dspace:ACCEPTED' }).ok).toBe(true);
    const finalized = readNegotiationEvent({ ...base, eventType: 'FINALIZED' });
    expect(finalized.ok ? null : finalized.errors).toEqual([
      { path: 'eventType', message: 'a consumer sends ACCEPTED' },
    ]);
  });

  it('serves pull transfers only', () => {
    const base = {
      ...ctx,
      '@type': 'TransferRequestMessage',
      consumerPid: 'urn:uuid:c',
      agreementId: 'a1',
      callbackAddress: 'https://consumer.example/protocol/2025-1',
    };
    expect(readTransferRequest({ ...base, format: 'HttpData-PULL' }).ok).toBe(true);
    const push = readTransferRequest({ ...base, format: 'HttpData-PUSH', dataAddress: {} });
    expect(push.ok ? [] : push.errors.map((e) => e.path)).toEqual(['format']);
  });

  it('writes DSP error bodies', () => {
    expect(
      dspError('ContractNegotiationError', {
        code: 'ODRL.OUTSIDE_PROFILE',
        reasons: ['offer.permission[0].constraint[6].leftOperand: not in the profile'],
        consumerPid: 'urn:uuid:c',
      }),
    ).toEqual({
      '@context': [DSP_CONTEXT],
      '@type': 'ContractNegotiationError',
      consumerPid: 'urn:uuid:c',
      code: 'ODRL.OUTSIDE_PROFILE',
      reason: ['offer.permission[0].constraint[6].leftOperand: not in the profile'],
    });
  });
});
