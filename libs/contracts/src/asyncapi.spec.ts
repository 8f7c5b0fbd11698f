import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { allTopicSpecs, asyncApiYaml, checkEnvelope, eventsMarkdown, fixtureFiles } from './index';

const root = join(__dirname, '../../..');
const committed = readFileSync(join(root, 'libs/contracts/asyncapi.yaml'), 'utf8');

describe('AsyncAPI document', () => {
  it('is what the registry generates (run `npm run contracts:generate` after changing contracts)', () => {
    expect(committed).toBe(asyncApiYaml());
    expect(readFileSync(join(root, 'docs/events.md'), 'utf8')).toBe(eventsMarkdown());
  });

  it('is a valid AsyncAPI 3 document', async () => {
    const { document, diagnostics } = await new Parser().parse(committed);
    const errors = diagnostics
      .filter((d) => Number(d.severity) === 0 /* error */)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('describes every topic, dead-letter topics included, with key, schema and example', () => {
    const doc = parse(committed) as {
      channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
      components: {
        messages: Record<
          string,
          {
            payload: { type?: string; properties?: { data?: object } };
            headers?: { required?: string[] };
            bindings: { kafka: { key: object } };
            examples: unknown[];
          }
        >;
      };
    };
    const addresses = Object.values(doc.channels)
      .map((c) => c.address)
      .sort();
    expect(addresses).toEqual(
      allTopicSpecs()
        .map((t) => t.name)
        .sort(),
    );
    for (const channel of Object.values(doc.channels)) {
      expect(Object.keys(channel.messages).length).toBeGreaterThan(0);
      for (const ref of Object.values(channel.messages)) {
        const msg = doc.components.messages[ref.$ref.split('/').pop()!];
        // An event (CloudEvents envelope with data) or a raw record (the body, with its headers).
        const described =
          msg.payload.properties?.data !== undefined ||
          (msg.payload.type === 'string' && (msg.headers?.required?.length ?? 0) > 0);
        expect(described).toBe(true);
        expect(msg.bindings.kafka.key).toHaveProperty('description');
        expect(msg.examples.length).toBe(1);
      }
    }
  });
});

describe('golden fixtures', () => {
  const dir = join(__dirname, '__fixtures__');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('are the generated ones, one per event version', () => {
    const generated = fixtureFiles();
    expect(files.sort()).toEqual(Object.keys(generated).sort());
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8')).toBe(generated[f]);
  });

  it.each(files)(
    '%s still passes the contracts (an incompatible schema change fails here)',
    (f) => {
      const check = checkEnvelope(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      expect(check).toMatchObject({ ok: true, known: true });
    },
  );
});
