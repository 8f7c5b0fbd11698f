import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Stack, ServiceName } from './stack';

const README = join(__dirname, '../../../README.md');
const MARKER = '<!-- walkthrough:';
const PORTS: Record<string, ServiceName> = {
  '3001': 'catalog',
  '3002': 'consent',
  '3003': 'integration',
  '3004': 'trust',
  '3005': 'insights',
};

/** The README's walkthrough: every ```bash block that follows a walkthrough marker, in order. */
export function walkthroughBlocks(readme = readFileSync(README, 'utf8')): string[] {
  const blocks: string[] = [];
  const re = /<!-- walkthrough:[^>]*-->\n```bash\n([\s\S]*?)\n```/g;
  for (let m = re.exec(readme); m; m = re.exec(readme)) blocks.push(m[1]);
  if (blocks.length !== readme.split(MARKER).length - 1)
    throw new Error('a walkthrough marker in README.md is not followed by a ```bash block');
  return blocks;
}

/**
 * Runs the walkthrough as written against a stack: only the addresses (a test stack listens on
 * free ports, not 3001–3005), the operator secret (random per stack) and the scratch files' folder
 * (/tmp → a folder of this run) are replaced; every command runs under `set -euo pipefail`.
 */
export async function runWalkthrough(stack: Stack<ServiceName>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dx-readme-'));
  const script = walkthroughBlocks()
    .join('\n')
    .replace(/http:\/\/127\.0\.0\.1:(300[1-5])/g, (_, port: string) => stack.apps[PORTS[port]].url)
    .replace(/local-operator-secret-change-me/g, stack.operatorSecret)
    .replace(/\/tmp\//g, `${dir}/`);
  try {
    const { stdout } = await promisify(execFile)('bash', ['-c', `set -euo pipefail\n${script}`], {
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `the README walkthrough failed: ${e.message}\n--- stdout\n${e.stdout ?? ''}\n--- stderr\n${e.stderr ?? ''}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the walkthrough prints when every step worked, whatever else the stack holds. */
export function expectWalkthroughWorked(out: string): void {
  // The new participant's trust profile at the prior.
  expect(out).toMatch(/"tier":"Provisional"/);
  // The dataset found by search and listed in the DCAT-AP export.
  const title = 'Population presence by district, hourly (synthetic)';
  expect(out.split(`"${title}"`).length - 1).toBeGreaterThanOrEqual(2);
  // Both acceptances, the agreement in force, its first delivery due.
  expect(out).toMatch(/^"ACCEPTED"$/m);
  expect(out).toMatch(/^"ACTIVE"$/m);
  expect(out).toMatch(/"sequence": 1,/);
}
