import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createTopics, produceRaw, repoRoot, testInfra, uniqueTopic } from '@dx/testing';

/* The operator commands of the README's cheat-sheet, against the real broker. */
function kafka(...args: string[]): string {
  return execFileSync('bash', [join(repoRoot, 'tools/local-infra/kafka.sh'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DX_KAFKA_BROKERS: testInfra().kafkaBrokers.join(',') },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('npm run kafka -- …', () => {
  const topic = uniqueTopic('cli');

  beforeAll(async () => {
    await createTopics([topic], 1);
    await produceRaw(topic, [
      {
        key: 'participant-1',
        value: '{"id":"e1"}',
        headers: { ce_type: 'catalog.participant.registered' },
      },
    ]);
  });

  it('lists and describes topics', () => {
    expect(kafka('topics', '--list').split('\n')).toContain(topic);
    expect(kafka('topics', '--describe', '--topic', topic)).toMatch(/PartitionCount:\s*1/);
  });

  it('reads a topic with keys and headers', () => {
    const out = kafka(
      'consume',
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      '1',
      '--formatter-property',
      'print.key=true',
      '--formatter-property',
      'print.headers=true',
    );
    expect(out).toContain('ce_type:catalog.participant.registered');
    expect(out).toContain('participant-1');
    expect(out).toContain('{"id":"e1"}');
  });

  it('reads to the end of a topic when asked, and leaves no consumer group behind', () => {
    const groups = () => kafka('groups', '--list').split('\n').filter(Boolean);
    const before = new Set(groups());
    // --timeout-ms: ends once nothing arrives for that long, i.e. at the end of the topic.
    const out = kafka('consume', '--topic', topic, '--from-beginning', '--timeout-ms', '3000');
    expect(out).toContain('{"id":"e1"}');
    kafka('consume', '--topic', topic, '--from-beginning', '--max-messages', '1');
    // Other test files create groups meanwhile: only a console consumer's could be this one's.
    const left = groups().filter(
      (g) => !before.has(g) && /^(console-consumer-|ops\.console\.)/.test(g),
    );
    expect(left).toEqual([]);
  });

  it('shows end offsets', () => {
    expect(kafka('offsets', '--topic', topic).trim()).toBe(`${topic}:0:1`);
  });
});
