import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './infra';
import { freePort } from './processes';

/*
 * The Eclipse Dataspace TCK (DSP 2025-1 conformance tests, assembled from Maven Central by
 * `tools/local-infra/infra.sh dsp-tck-libs` into .local/dsp-tck/lib with our launcher,
 * tools/dsp-tck), run as a Java process against a DSP provider (docs/dataspace.md §9).
 */

export const DSP_TCK_LIB_DIR = join(repoRoot, '.local', 'dsp-tck', 'lib');

export interface DspTckRun {
  /** 0 only when tests ran and none failed. */
  code: number | null;
  found: number;
  succeeded: number;
  failed: number;
  output: string;
}

export async function runDspTck(opts: {
  /** The provider's DSP address, e.g. `…/dsp/2025-1`. */
  protocolUrl: string;
  /** Where its `/.well-known/dspace-version` is. */
  baseUrl: string;
  /** The provider's participant id. */
  participantId: string;
  /** The `Authorization` header value sent with every DSP request. */
  authorization: string;
  /** Test-specific settings, e.g. `CAT_01_01_DATASETID`. */
  settings: Record<string, string>;
  /** Verification packages to run, e.g. `org.eclipse.dataspacetck.dsp.verification.catalog`. */
  packages: string[];
  timeoutMs?: number;
}): Promise<DspTckRun> {
  if (!existsSync(DSP_TCK_LIB_DIR))
    throw new Error(
      `no Dataspace TCK in ${DSP_TCK_LIB_DIR}: run bash tools/local-infra/infra.sh dsp-tck-libs (npm test does)`,
    );
  const port = await freePort();
  const file = join(mkdtempSync(join(tmpdir(), 'dx-dsp-tck-')), 'tck.properties');
  const properties: Record<string, string> = {
    'dataspacetck.debug': 'true',
    'dataspacetck.dsp.local.connector': 'false',
    'dataspacetck.host': '127.0.0.1',
    'dataspacetck.port': String(port),
    'dataspacetck.callback.address': `http://127.0.0.1:${port}`,
    'dataspacetck.dsp.connector.agent.id': opts.participantId,
    'dataspacetck.dsp.connector.http.url': opts.protocolUrl,
    'dataspacetck.dsp.connector.http.base.url': opts.baseUrl,
    'dataspacetck.dsp.connector.http.headers.authorization': opts.authorization,
    'dataspacetck.dsp.default.wait': '10000',
    // Where the TCK would ask a connector to start negotiations and transfers as a consumer. The
    // platform is a provider only, and those tests are not run; the TCK requires the settings
    // anyway, so they name a port nothing listens on (9, discard).
    'dataspacetck.dsp.connector.negotiation.initiate.url': 'http://127.0.0.1:9/not-a-consumer',
    'dataspacetck.dsp.connector.transfer.initiate.url': 'http://127.0.0.1:9/not-a-consumer',
    ...opts.settings,
  };
  // java.util.Properties format: backslashes and line breaks escaped, nothing else needed here.
  writeFileSync(
    file,
    Object.entries(properties)
      .map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`)
      .join('\n'),
  );
  const child = spawn(
    'java',
    ['-cp', `${DSP_TCK_LIB_DIR}/*`, 'city.dx.tck.RunDspTck', file, ...opts.packages],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the TCK did not finish in ${opts.timeoutMs ?? 120_000} ms:\n${output}`));
    }, opts.timeoutMs ?? 120_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const m = /TCK tests: (\d+) found, (\d+) succeeded, (\d+) failed/.exec(output);
  return {
    code,
    found: Number(m?.[1] ?? 0),
    succeeded: Number(m?.[2] ?? 0),
    failed: Number(m?.[3] ?? 0),
    output,
  };
}
