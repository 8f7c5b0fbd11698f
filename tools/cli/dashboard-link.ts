/**
 * Prints a link that opens the web dashboard with a fresh dashboard token:
 *   npm run dashboard
 * The first run registers a platform client "Local dashboard" with the operator's credentials and
 * keeps its id and secret in .local/run/dashboard-client.json (readable by this user only); later
 * runs reuse it. Tokens last TOKEN_TTL_SECONDS (15 minutes by default): run it again for a new link.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const catalog = process.env.DX_CATALOG_URL ?? 'http://127.0.0.1:3001';
const insights = process.env.DX_INSIGHTS_URL ?? 'http://127.0.0.1:3005';
const home = process.env.DX_HOME ?? join(__dirname, '..', '..', '.local');
const store = join(home, 'run', 'dashboard-client.json');

async function token(clientId: string, secret: string): Promise<string | null> {
  const res = await fetch(`${catalog}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  if (res.status !== 200) return null;
  return ((await res.json()) as { access_token: string }).access_token;
}

async function registerClient(): Promise<{ clientId: string; clientSecret: string }> {
  const secret = process.env.OPERATOR_CLIENT_SECRET ?? 'local-operator-secret-change-me';
  const operator = await token('platform-operator', secret);
  if (!operator)
    throw new Error(
      'the operator token was refused: set OPERATOR_CLIENT_SECRET to the secret the catalog runs with',
    );
  const res = await fetch(`${catalog}/v1/platform-clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Local dashboard', roles: ['dashboard'] }),
  });
  if (res.status !== 201) throw new Error(`registering the dashboard client: ${res.status}`);
  const client = (await res.json()) as { clientId: string; clientSecret: string };
  writeFileSync(store, JSON.stringify(client), { mode: 0o600 });
  chmodSync(store, 0o600);
  return client;
}

async function main(): Promise<void> {
  let client = existsSync(store)
    ? (JSON.parse(readFileSync(store, 'utf8')) as { clientId: string; clientSecret: string })
    : await registerClient();
  let access = await token(client.clientId, client.clientSecret);
  if (!access) {
    // A new database (npm stop wipes nothing, but a reset does): register again.
    client = await registerClient();
    access = await token(client.clientId, client.clientSecret);
  }
  if (!access) throw new Error('the dashboard client was refused a token');
  console.log(`${insights}/#token=${access}`);
}

main().catch((err: unknown) => {
  console.error(`[dashboard] ${(err as Error).message}`);
  process.exit(1);
});
