import { areaOf, summarise } from './profile-summary';

it('names the area of a frame by package, source folder or runtime', () => {
  expect(areaOf('file:///app/node_modules/kafkajs/src/consumer/runner.js')).toBe('kafkajs');
  expect(areaOf('file:///app/node_modules/@nestjs/core/router/x.js')).toBe('@nestjs/core');
  expect(areaOf('file:///app/dist/libs/messaging/src/consumer/inbox.js')).toBe('libs/messaging');
  expect(areaOf('node:internal/streams/readable')).toBe('node');
  expect(areaOf('')).toBe('(runtime)');
});

it('adds up self time per function and per area from the samples', () => {
  const frame = (id: number, functionName: string, url: string) => ({
    id,
    callFrame: { functionName, url, lineNumber: id },
  });
  const s = summarise({
    nodes: [
      frame(1, '(root)', ''),
      frame(2, 'parse', 'file:///a/node_modules/pg/lib/x.js'),
      frame(3, 'apply', 'file:///a/dist/libs/messaging/src/y.js'),
      frame(4, '(garbage collector)', ''),
    ],
    samples: [2, 2, 3, 4],
    timeDeltas: [1000, 1000, 3000, 5000],
    startTime: 0,
    endTime: 10_000,
  });
  expect(s.totalMs).toBe(10);
  expect(s.byArea).toEqual([
    ['(garbage collector)', 5],
    ['libs/messaging', 3],
    ['pg', 2],
  ]);
  expect(s.byFunction[1]).toEqual(['apply libs/messaging/src/y.js:4', 3]);
});
