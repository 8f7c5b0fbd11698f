// A fault scenario runs a load, injects faults (one keeps the database down for over a minute),
// waits for recovery and checks the invariants: minutes, not seconds.
jest.setTimeout(Number(process.env.DX_TEST_TIMEOUT_MS ?? 600_000));
