import { createEnvelope, ParticipantRegisteredV1 } from '@dx/contracts';
import { decodeEnvelope } from './decode';

describe('decodeEnvelope', () => {
  const valid = ParticipantRegisteredV1.envelope(ParticipantRegisteredV1.example, {
    source: 'catalog',
    time: new Date('2026-01-15T09:00:00Z'),
  });

  it('returns the envelope of a record that passes the contracts', () => {
    const d = decodeEnvelope(Buffer.from(JSON.stringify(valid)));
    expect(d).toEqual({ ok: true, envelope: JSON.parse(JSON.stringify(valid)) });
  });

  it.each([
    ['no value', null, 'EVENT.EMPTY'],
    ['an empty value', Buffer.alloc(0), 'EVENT.EMPTY'],
    ['bytes that are not JSON', Buffer.from('{"not json'), 'EVENT.NOT_JSON'],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b]), 'EVENT.NOT_JSON'],
  ])('names why %s is not an event', (_what, value, code) => {
    const d = decodeEnvelope(value);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error.code).toBe(code);
  });

  it('names the offending field of an envelope whose payload breaks its schema', () => {
    const broken = createEnvelope({
      type: ParticipantRegisteredV1.type,
      version: 1,
      source: 'catalog',
      time: new Date(),
      subject: 'x',
      data: { ...ParticipantRegisteredV1.example, kind: 'pirate' },
    });
    const d = decodeEnvelope(Buffer.from(JSON.stringify(broken)));
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error.code).toBe('EVENT.SCHEMA_VIOLATION');
    expect(!d.ok && d.error.message).toContain('kind');
  });
});
