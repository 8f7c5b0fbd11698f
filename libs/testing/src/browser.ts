import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';

/**
 * Debian's Chromium for the dashboard's browser tests (npm test installs it; DX_CHROMIUM names
 * another), started without a sandbox as containers and CI runners need. playwright-core is loaded
 * here, on first use, not with the testing library: it takes half a second, which every other test
 * file would pay for nothing.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath:
      process.env.DX_CHROMIUM ||
      execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim(),
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}
