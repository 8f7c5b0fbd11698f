import {
  completed,
  followAgreement,
  requestTransfer,
  resumed,
  started,
  suspended,
  transferTerminated,
  TransferStateError,
} from './transfer';

const t0 = new Date('2026-03-02T10:00:00Z');
const fresh = () =>
  requestTransfer({
    providerPid: 'urn:uuid:p',
    consumerPid: 'urn:uuid:c',
    consumerId: 'c1',
    callbackAddress: 'https://consumer.example/protocol/2025-1',
    agreementId: 'a1',
    createdAt: t0,
  });

describe('a DSP transfer process, provider side', () => {
  it('starts with a grant, suspends, resumes and completes', () => {
    const s = started(fresh(), 'g1', t0);
    expect(s).toEqual(expect.objectContaining({ state: 'STARTED', grantId: 'g1', version: 2 }));
    const paused = suspended(s, 'maintenance', t0);
    expect(paused).toEqual(expect.objectContaining({ state: 'SUSPENDED', reason: 'maintenance' }));
    expect(completed(resumed(paused, t0), t0).state).toBe('COMPLETED');
  });

  it('refuses messages its state does not take, and ends only once', () => {
    expect(() => suspended(fresh(), 'x', t0)).toThrow(
      'a REQUESTED transfer does not take TransferSuspensionMessage',
    );
    const ended = transferTerminated(started(fresh(), 'g', t0), 'no longer needed', t0);
    expect(ended.state).toBe('TERMINATED');
    expect(() => transferTerminated(ended, 'again', t0)).toThrow(TransferStateError);
    expect(() => resumed(completed(started(fresh(), 'g', t0), t0), t0)).toThrow(TransferStateError);
  });

  describe('following the agreement it reads under', () => {
    const running = () => started(fresh(), 'g1', t0);

    it('is suspended by the provider when the agreement is, and only the provider restarts it', () => {
      const s = followAgreement(
        running(),
        { state: 'SUSPENDED', previousState: 'ACTIVE', reason: 'audit' },
        t0,
      )!;
      expect(s.message).toBe('suspension');
      expect(s.code).toBe('AGREEMENT.SUSPENDED');
      expect(s.next).toEqual(
        expect.objectContaining({
          state: 'SUSPENDED',
          suspendedBy: 'provider',
          reason: 'the provider suspended the agreement: audit',
        }),
      );
      expect(() => resumed(s.next, t0)).toThrow(
        'a SUSPENDED transfer does not take a restart while the provider has it suspended',
      );
      const back = followAgreement(s.next, { state: 'ACTIVE', previousState: 'SUSPENDED' }, t0)!;
      expect(back.message).toBe('start');
      expect(back.next).toEqual(expect.objectContaining({ state: 'STARTED', suspendedBy: null }));
    });

    it('leaves a transfer the consumer suspended to the consumer when the agreement resumes', () => {
      const mine = suspended(running(), 'our maintenance', t0);
      expect(followAgreement(mine, { state: 'ACTIVE', previousState: 'SUSPENDED' }, t0)).toBeNull();
      expect(resumed(mine, t0).state).toBe('STARTED');
    });

    it('ends every unfinished transfer when the agreement ends, naming how', () => {
      for (const state of ['TERMINATED', 'EXPIRED'])
        for (const t of [fresh(), running(), suspended(running(), 'x', t0)]) {
          const end = followAgreement(t, { state, previousState: 'NOTICE_GIVEN' }, t0)!;
          expect(end.message).toBe('termination');
          expect(end.code).toBe(`AGREEMENT.${state}`);
          expect(end.next.state).toBe('TERMINATED');
        }
      const done = completed(running(), t0);
      expect(
        followAgreement(done, { state: 'TERMINATED', previousState: 'ACTIVE' }, t0),
      ).toBeNull();
    });

    it('ignores moves that change nothing for a transfer', () => {
      for (const state of ['ACTIVE', 'NOTICE_GIVEN', 'AGREED'])
        expect(followAgreement(running(), { state, previousState: 'ACTIVE' }, t0)).toBeNull();
    });
  });
});
