import {
  agreed,
  consumerAccepted,
  counterRequested,
  NegotiationStateError,
  offered,
  startNegotiation,
  terminated,
  verified,
  type Negotiation,
} from './negotiation';

const t0 = new Date('2026-03-02T10:00:00Z');
const later = new Date('2026-03-02T10:01:00Z');
const fresh = (): Negotiation =>
  startNegotiation({
    providerPid: 'urn:uuid:p',
    consumerPid: 'urn:uuid:c',
    consumerId: 'c9d1',
    callbackAddress: 'https://consumer.example/protocol/2025-1',
    datasetId: 'd1',
    agreementId: null,
    offer: { '@id': 'urn:offer:1' },
    termVersion: 1,
    createdAt: t0,
  });

describe('a DSP contract negotiation, provider side', () => {
  it('runs requested → agreed → finalized, counting versions', () => {
    const a = agreed(fresh(), { '@id': 'urn:agreement:1' }, later);
    expect(a).toEqual(expect.objectContaining({ state: 'AGREED', version: 2, updatedAt: later }));
    expect(a.agreement).toEqual({ '@id': 'urn:agreement:1' });
    expect(verified(a, later).state).toBe('FINALIZED');
  });

  it('runs through a counter-offer: offered → accepted → agreed, or offered → requested again', () => {
    const o = offered(fresh(), { '@id': 'urn:offer:2' }, 2, later);
    expect(o).toEqual(expect.objectContaining({ state: 'OFFERED', termVersion: 2 }));
    expect(agreed(consumerAccepted(o, later), {}, later).state).toBe('AGREED');
    const again = counterRequested(o, { '@id': 'urn:offer:3' }, 3, later);
    expect(again).toEqual(expect.objectContaining({ state: 'REQUESTED', termVersion: 3 }));
  });

  it('refuses messages out of order, naming the state', () => {
    expect(() => verified(fresh(), later)).toThrow(
      'a REQUESTED negotiation does not take ContractAgreementVerificationMessage',
    );
    expect(() => consumerAccepted(fresh(), later)).toThrow(NegotiationStateError);
    const done = verified(agreed(fresh(), {}, later), later);
    expect(() => agreed(done, {}, later)).toThrow(NegotiationStateError);
  });

  it('terminates from any unfinished state, once', () => {
    const t = terminated(
      offered(fresh(), {}, 2, later),
      'provider rejected: rule no-commerce',
      later,
    );
    expect(t).toEqual(
      expect.objectContaining({
        state: 'TERMINATED',
        reason: 'provider rejected: rule no-commerce',
      }),
    );
    expect(() => terminated(t, 'again', later)).toThrow(NegotiationStateError);
    const finalized = verified(agreed(fresh(), {}, later), later);
    expect(() => terminated(finalized, 'too late', later)).toThrow(NegotiationStateError);
  });
});
