import { join } from 'node:path';
import { repoRoot } from './infra';

/**
 * How to run one of the project's TypeScript entry points in its own process, as `npm start` and
 * `npm run migrate` do (SWC register with the workspace's path aliases).
 */
export function tsProcess(
  script: string,
  env: Record<string, string> = {},
): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  return {
    command: process.execPath,
    args: ['-r', '@swc-node/register', join(repoRoot, script)],
    env: {
      ...process.env,
      SWC_NODE_PROJECT: join(repoRoot, 'tsconfig.base.json'),
      // `npm run coverage`: the process writes V8's counters there when it exits (tools/dx.sh).
      ...(process.env.DX_CHILD_V8_COVERAGE
        ? { NODE_V8_COVERAGE: process.env.DX_CHILD_V8_COVERAGE }
        : {}),
      ...env,
    },
  };
}
