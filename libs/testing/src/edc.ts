import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { markForeign } from './foreign-services';
import { repoRoot } from './infra';
import { freePort } from './processes';
import { waitFor } from './wait-for';

/*
 * A real Eclipse Dataspace Connector (EDC 0.14.0 control plane, assembled from Maven Central by
 * `tools/local-infra/infra.sh edc-libs` into .local/edc/lib, with our identity extension), run as a
 * Java process beside the platform, configured as the connector of one registered participant
 * (docs/dataspace.md §4, §7). Tests drive it through its own management API.
 */

export interface EdcConnector {
  /** `…/management`, with `X-Api-Key: apiKey`. */
  managementUrl: string;
  apiKey: string;
  /** Its DSP 2025-1 address (what it gives the platform as its callback). */
  protocolUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

export const EDC_LIB_DIR = join(repoRoot, '.local', 'edc', 'lib');

export async function startEdcConnector(opts: {
  participantId: string;
  clientId: string;
  clientSecret: string;
  /** The platform's catalog (token endpoint, JWKS, issuer). */
  catalogUrl: string;
}): Promise<EdcConnector> {
  if (!existsSync(EDC_LIB_DIR))
    throw new Error(
      `no EDC connector in ${EDC_LIB_DIR}: run bash tools/local-infra/infra.sh edc-libs (npm test does)`,
    );
  const [api, management, protocol, control, version] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const apiKey = randomBytes(16).toString('hex');
  const protocolBase = `http://127.0.0.1:${protocol}/protocol`;
  const dir = mkdtempSync(join(tmpdir(), 'dx-edc-'));
  const settings: Record<string, string> = {
    'edc.participant.id': opts.participantId,
    'web.http.port': String(api),
    'web.http.path': '/api',
    'web.http.management.port': String(management),
    'web.http.management.path': '/management',
    'web.http.management.auth.type': 'tokenbased',
    'web.http.management.auth.key': apiKey,
    'web.http.protocol.port': String(protocol),
    'web.http.protocol.path': '/protocol',
    'web.http.control.port': String(control),
    'web.http.control.path': '/control',
    'web.http.version.port': String(version),
    'web.http.version.path': '/version',
    'edc.dsp.callback.address': protocolBase,
    // Quick state machines and few retries: a test waits seconds, not minutes.
    'edc.negotiation.consumer.state-machine.iteration-wait-millis': '100',
    'edc.transfer.state-machine.iteration-wait-millis': '100',
    'edc.negotiation.consumer.send.retry.limit': '3',
    'edc.negotiation.consumer.send.retry.base-delay.ms': '200',
    'edc.transfer.send.retry.limit': '3',
    'edc.transfer.send.retry.base-delay.ms': '200',
    'dx.oauth.token.url': `${opts.catalogUrl}/oauth/token`,
    'dx.oauth.client.id': opts.clientId,
    'dx.oauth.client.secret': opts.clientSecret,
    'dx.oauth.jwks.url': `${opts.catalogUrl}/.well-known/jwks.json`,
    'dx.oauth.issuer': opts.catalogUrl,
    'dx.oauth.audience': `${protocolBase}/2025-1`,
  };
  const config = join(dir, 'config.properties');
  writeFileSync(
    config,
    Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn(
    'java',
    [
      '-Xmx384m',
      `-Dedc.fs.config=${config}`,
      '-cp',
      `${EDC_LIB_DIR}/*`,
      'org.eclipse.edc.boot.system.runtime.BaseRuntime',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`EDC exited (${child.exitCode}):\n${output}`);
      return /Runtime .* ready/.test(output);
    },
    { timeoutMs: 90_000, intervalMs: 250, what: 'the EDC connector ready' },
  ).catch((err) => {
    child.kill('SIGKILL');
    throw err;
  });
  // EDC's own APIs are not ours: the contract check leaves them alone.
  for (const port of [api, management, protocol, control, version])
    markForeign(`http://127.0.0.1:${port}`);
  return {
    managementUrl: `http://127.0.0.1:${management}/management`,
    apiKey,
    protocolUrl: `${protocolBase}/2025-1`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
