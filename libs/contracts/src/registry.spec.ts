import {
  DEAD_LETTER_RETENTION_MS,
  SUBJECT_DATA_RETENTION_MS,
  allTopicSpecs,
  checkEnvelope,
  createEnvelope,
  deadLetterTopic,
  EVENT_DEFINITIONS,
  TOPIC_REGISTRY,
  Topics,
} from './index';

describe('contracts registry', () => {
  it.each(EVENT_DEFINITIONS.map((d) => [`${d.type}/${d.version}`, d] as const))(
    '%s: its example is a valid event',
    (_name, def) => {
      const envelope = createEnvelope({
        time: new Date(),
        type: def.type,
        version: def.version,
        source: 'test',
        subject: def.keyOf(def.example),
        data: def.example,
      });
      const check = checkEnvelope(JSON.parse(JSON.stringify(envelope)));
      expect(check).toMatchObject({ ok: true, known: true });
    },
  );

  it('names every offending path of an invalid payload', () => {
    const def = EVENT_DEFINITIONS[0];
    const envelope = createEnvelope({
      time: new Date(),
      type: def.type,
      version: def.version,
      source: 'test',
      subject: 'x',
      data: { ...(def.example as object), kind: 'pirate', legalId: '12' },
    });
    const check = checkEnvelope(envelope);
    const paths = check.ok ? [] : check.errors.map((e) => e.path).sort();
    expect(check.ok).toBe(false);
    expect(paths).toEqual(['/data/kind', '/data/legalId']);
  });

  it('refuses a document that is not an envelope', () => {
    const check = checkEnvelope({ hello: 'world' });
    expect(check.ok).toBe(false);
  });

  it('lets an unknown event version pass as unknown (producers may be ahead)', () => {
    const envelope = createEnvelope({
      time: new Date(),
      type: 'catalog.participant.renamed',
      version: 1,
      source: 'test',
      subject: 'x',
      data: {},
    });
    expect(checkEnvelope(envelope)).toMatchObject({ ok: true, known: false });
  });

  it('declares every event topic and derives one dead-letter topic per consumer', () => {
    const names = new Set(TOPIC_REGISTRY.map((t) => t.name));
    for (const d of EVENT_DEFINITIONS) expect(names.has(d.topic)).toBe(true);
    const all = allTopicSpecs().map((t) => t.name);
    expect(all).toContain(deadLetterTopic('catalog.participant.v1', 'trust'));
    expect(allTopicSpecs().find((t) => t.name === 'trust.score.v1')?.cleanupPolicy).toBe('compact');
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps topics that name data subjects, and every dead-letter topic, for a finite time', () => {
    const named = TOPIC_REGISTRY.filter((t) => t.carriesSubjectPseudonyms);
    expect(named.map((t) => t.name).sort()).toEqual(
      [Topics.consentSubjectConsent, Topics.integrationDelivery, Topics.integrationInbound].sort(),
    );
    for (const t of named) {
      expect(t.retentionMs).toBeGreaterThan(0);
      expect(t.retentionMs).toBeLessThanOrEqual(SUBJECT_DATA_RETENTION_MS);
    }
    for (const t of allTopicSpecs().filter((x) => x.name.includes('.dlq.')))
      expect(t.retentionMs).toBe(DEAD_LETTER_RETENTION_MS);
  });
});
