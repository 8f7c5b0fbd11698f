// Integration and e2e tests talk to a real broker and database: consumer-group joins and
// session timeouts take seconds. `testTimeout` cannot be set per Jest project, hence this file.
jest.setTimeout(Number(process.env.DX_TEST_TIMEOUT_MS ?? 120_000));
