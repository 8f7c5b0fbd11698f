import {
  completed,
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
});
