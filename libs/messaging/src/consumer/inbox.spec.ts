import type { EventEnvelope } from '@dx/contracts';
import { firstClaims } from './inbox';

const event = (id: string) => ({ id, type: 't' }) as EventEnvelope;

describe('firstClaims', () => {
  it('keeps the events claimed now, in order, each id once (case-insensitive)', () => {
    const a = event('A1');
    const b = event('b2');
    const again = event('a1');
    const old = event('c3');
    expect(firstClaims([a, old, b, again], new Set(['a1', 'b2']))).toEqual([a, b]);
  });

  it('keeps nothing when every claim failed (a redelivered group)', () => {
    expect(firstClaims([event('a'), event('b')], new Set())).toEqual([]);
  });
});
