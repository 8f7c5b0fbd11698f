import {
  allTopicSpecs,
  deadLetterTopic,
  kafkaPrincipals,
  OPERATOR_KAFKA_PRINCIPAL,
  Topics,
  TOPIC_REGISTRY,
  type KafkaPrincipal,
} from './index';

/** Which literal resources of a type a principal may do `op` on. */
function allowed(p: KafkaPrincipal, type: 'topic' | 'group', op: string): string[] {
  return p.acls
    .filter((a) => a.resourceType === type && a.operations.includes(op as never))
    .map((a) => a.resourceName)
    .sort();
}

const principal = (name: string, prefix = '') => {
  const p = kafkaPrincipals(prefix).find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name}`);
  return p;
};

describe('Kafka principals and ACLs from the topic registry', () => {
  it('has one principal per service, the inbound producers and the operator', () => {
    expect(kafkaPrincipals().map((p) => p.name)).toEqual([
      'dx-catalog',
      'dx-consent',
      'dx-dsp',
      'dx-insights',
      'dx-integration',
      'dx-trust',
      'dx-inbound',
      'dx-operator',
    ]);
  });

  it.each(['catalog', 'consent', 'integration', 'trust', 'insights', 'dsp'])(
    '%s writes exactly the topics it owns and its dead-letter topics',
    (app) => {
      const owned = TOPIC_REGISTRY.filter((t) => t.producer === app).map((t) => t.name);
      const dlqs = TOPIC_REGISTRY.filter((t) => t.consumers.some((c) => c.app === app)).map((t) =>
        deadLetterTopic(t.name, app),
      );
      expect(allowed(principal(`dx-${app}`), 'topic', 'WRITE')).toEqual([...owned, ...dlqs].sort());
    },
  );

  it.each(['catalog', 'consent', 'integration', 'trust', 'insights', 'dsp'])(
    '%s reads exactly the topics it consumes, in its own groups only',
    (app) => {
      const consumed = TOPIC_REGISTRY.filter((t) => t.consumers.some((c) => c.app === app));
      const p = principal(`dx-${app}`);
      expect(allowed(p, 'topic', 'READ')).toEqual(consumed.map((t) => t.name).sort());
      const groups = [
        ...new Set(consumed.flatMap((t) => t.consumers.filter((c) => c.app === app))),
      ].map((c) => c.group);
      expect(allowed(p, 'group', 'READ')).toEqual([...new Set(groups)].sort());
      for (const g of allowed(p, 'group', 'READ')) expect(g.startsWith(`${app}.`)).toBe(true);
    },
  );

  it('grants no service a wildcard, a prefixed pattern or a cluster operation', () => {
    for (const p of kafkaPrincipals().filter((x) => x.app)) {
      for (const a of p.acls) {
        expect(a.patternType).toBe('literal');
        expect(a.resourceName).not.toBe('*');
        expect(a.resourceType).not.toBe('cluster');
        expect(a.operations).not.toContain('ALL');
      }
    }
  });

  it('lets nobody but trust write trust scores, and only the inbound producers push deliveries', () => {
    const writers = (topic: string) =>
      kafkaPrincipals()
        .filter((p) => p.name !== OPERATOR_KAFKA_PRINCIPAL)
        .filter((p) => allowed(p, 'topic', 'WRITE').includes(topic))
        .map((p) => p.name);
    expect(writers(Topics.trustScore)).toEqual(['dx-trust']);
    expect(writers(Topics.integrationInbound)).toEqual(['dx-inbound']);
  });

  it('covers every topic the platform creates: each has a writer and each dead-letter topic its app', () => {
    const written = new Set(
      kafkaPrincipals()
        .filter((p) => p.name !== OPERATOR_KAFKA_PRINCIPAL)
        .flatMap((p) => allowed(p, 'topic', 'WRITE')),
    );
    expect(allTopicSpecs().filter((t) => !written.has(t.name))).toEqual([]);
  });

  it('prefixes every name for an isolated run, the operator by a prefixed pattern', () => {
    const prefix = 't42.';
    for (const p of kafkaPrincipals(prefix))
      for (const a of p.acls.filter((x) => x.resourceType !== 'cluster'))
        expect(a.resourceName.startsWith(prefix)).toBe(true);
    expect(principal(OPERATOR_KAFKA_PRINCIPAL, prefix).acls[0]).toEqual({
      resourceType: 'topic',
      patternType: 'prefixed',
      resourceName: prefix,
      operations: ['ALL'],
    });
    expect(principal(OPERATOR_KAFKA_PRINCIPAL).acls[0]).toMatchObject({
      patternType: 'literal',
      resourceName: '*',
    });
  });
});
