/**
 * Named places where the fault tier makes a process die, to show what a crash at exactly that
 * moment leaves behind. Off unless DX_FAULT_POINTS names them (refused when NODE_ENV is
 * `production`, checked at boot by service-kit):
 *
 *   DX_FAULT_POINTS=relay.after-publish:kill@3,consumer.after-commit:kill@40
 *
 * `kill@n`: the n-th time the point is reached the process sends itself SIGKILL (no cleanup, as
 * the OOM killer or a node failure would).
 */
export const FAULT_POINTS = [
  /** Kafka acknowledged a batch; the outbox rows are not marked published yet. */
  'relay.after-publish',
  /** A consumer's transaction committed; its offset is not committed yet. */
  'consumer.after-commit',
  /** A command's transaction (effect and idempotency key) committed; no response sent yet. */
  'http.after-commit',
] as const;
export type FaultPointName = (typeof FAULT_POINTS)[number];

const SPEC = /^([a-z.-]+):kill@(\d+)$/;

/** Parses DX_FAULT_POINTS; throws naming the bad entry. */
export function parseFaultPoints(value: string | undefined): Map<FaultPointName, number> {
  const points = new Map<FaultPointName, number>();
  for (const entry of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = SPEC.exec(entry);
    if (!m || !(FAULT_POINTS as readonly string[]).includes(m[1]) || Number(m[2]) < 1)
      throw new Error(
        `DX_FAULT_POINTS: "${entry}" is not <point>:kill@<n> with a point among ${FAULT_POINTS.join(', ')}`,
      );
    points.set(m[1] as FaultPointName, Number(m[2]));
  }
  return points;
}

let armed: Map<FaultPointName, number> | undefined;
const hits = new Map<FaultPointName, number>();

/** Reached a fault point: dies here if the fault tier armed it for this hit. */
export function faultPoint(name: FaultPointName): void {
  armed ??= parseFaultPoints(process.env.DX_FAULT_POINTS);
  const at = armed.get(name);
  if (at === undefined) return;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (n === at) {
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', msg: `fault point ${name}: kill` })}\n`,
    );
    process.kill(process.pid, 'SIGKILL');
  }
}
