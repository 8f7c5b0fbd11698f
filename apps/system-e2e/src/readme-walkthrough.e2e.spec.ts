import { SERVICES, type Service } from '@dx/demo';
import {
  expectWalkthroughWorked,
  runWalkthrough,
  walkthroughBlocks,
} from '../test/readme-walkthrough';
import { startStack, type Stack } from '../test/stack';

/*
 * The README's "Try the first slice with curl" on a stack started as `npm start -- --no-demo`
 * does (the five services, no demo clock, no data): the blocks are extracted from README.md and run
 * as written, so the walkthrough cannot drift from the API again. The same walkthrough after the
 * demo is loaded runs at the end of almaty-demo.e2e.spec.ts.
 */
let stack: Stack<Service>;

beforeAll(async () => {
  stack = await startStack(SERVICES, { OUTBOX_POLL_MS: '200' });
});

afterAll(async () => {
  await stack?.stop();
});

it('finds the walkthrough in the README', () => {
  const blocks = walkthroughBlocks();
  expect(blocks).toHaveLength(3);
  expect(blocks[0]).toContain('/oauth/token');
});

it('runs the README walkthrough on a stack without the demo', async () => {
  expectWalkthroughWorked(await runWalkthrough(stack));
});
