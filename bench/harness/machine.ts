/*
 * The machine and versions a figure was taken on, recorded with every result: a ratio means
 * little without the CPU, the core count and the versions of what was measured.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { repoRoot, testInfra } from '@dx/testing';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  kafka: string;
  commit: string;
  /** How the services ran: the compiled build, as the image runs it. */
  services: string;
}

export async function machineInfo(): Promise<MachineInfo> {
  const pool = new Pool({ connectionString: testInfra().pgAdminUrl, max: 1 });
  const [{ server_version: postgres }] = (
    await pool.query<{ server_version: string }>('SHOW server_version')
  ).rows;
  await pool.end();
  // The broker's version is the one the local infrastructure's Maven project pins.
  const pom = readFileSync(join(repoRoot, 'tools/local-infra/kafka/pom.xml'), 'utf8');
  const kafka = /<kafka\.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
  } catch {
    // not a git checkout (an unpacked release): the figures still stand, without the commit
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    kafka,
    commit,
    services: 'compiled build (dist/), NODE_ENV=production',
  };
}
