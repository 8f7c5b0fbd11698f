import { join } from 'node:path';
import { FOREIGN_ORIGINS } from './foreign-services';
import { OpenApiContract, type ContractViolation } from './openapi-contract';

/*
 * The contract check of the integration and e2e tiers (docs/api.md, "Contract"): every answer the
 * services give a test through fetch — the tests' own calls, the harnesses' and the demo client's,
 * bad input and refusals included — is compared with the published OpenAPI documents, and a test
 * that received an undocumented status or a body that does not match its schema fails, naming the
 * operation and what differs.
 */
const contract = OpenApiContract.fromRepository(join(__dirname, '../../..'));
const original = globalThis.fetch;
let pending: Array<Promise<void>> = [];
let violations: ContractViolation[] = [];

/** Only the services under test: loopback addresses (other hosts are never called here). */
const isService = (url: URL): boolean =>
  ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && !FOREIGN_ORIGINS.has(url.origin);

globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const res = await original(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!isService(url)) return res;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const type = res.headers.get('content-type');
  // An event stream never ends by itself: its status and type are checked, not its body.
  const streamed = /text\/event-stream/.test(type ?? '');
  const check = async (): Promise<void> => {
    const body = streamed || method === 'HEAD' ? undefined : await res.clone().text();
    const problem = contract.check(method, url.pathname, res.status, type, body);
    if (problem)
      violations.push({ request: `${method} ${url.pathname}`, status: res.status, problem });
  };
  pending.push(check().catch(() => undefined));
  return res;
};

afterEach(async () => {
  await Promise.all(pending);
  const found = violations;
  pending = [];
  violations = [];
  if (found.length)
    throw new Error(
      `answers that break the OpenAPI contract (docs/openapi):\n${found
        .map((v) => `  ${v.request} → ${v.status}: ${v.problem}`)
        .join('\n')}`,
    );
});
