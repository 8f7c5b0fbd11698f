/**
 * What the load generator did and what it was told, operation by operation, in the style of a
 * Jepsen history: the invariant checker compares it with what the platform holds afterwards.
 */
export type Outcome = 'ok' | 'failed';

export interface Operation {
  n: number;
  kind: 'register' | 'deliver' | 'inbound';
  /** Idempotency key (REST) or delivery key (Kafka): every attempt of the operation reuses it. */
  key: string;
  /** What identifies its effect in the platform (legal id, dataset). */
  subject: string;
  startedAt: number;
  endedAt?: number;
  /** Attempts whose outcome was unknown (no answer, 5xx) and were retried with the same key. */
  unknownAttempts: number;
  outcome?: Outcome;
  status?: number;
  /** The created entity's id, when the platform answered. */
  id?: string;
  detail?: string;
}

export class History {
  readonly ops: Operation[] = [];
  /** Every HTTP status seen, by status (a 500 is a bug: infrastructure faults answer 503). */
  readonly statuses = new Map<number, number>();

  begin(kind: Operation['kind'], key: string, subject: string): Operation {
    const op: Operation = {
      n: this.ops.length + 1,
      kind,
      key,
      subject,
      startedAt: Date.now(),
      unknownAttempts: 0,
    };
    this.ops.push(op);
    return op;
  }

  saw(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  ok(kind?: Operation['kind']): Operation[] {
    return this.ops.filter((o) => o.outcome === 'ok' && (!kind || o.kind === kind));
  }

  pending(): Operation[] {
    return this.ops.filter((o) => o.outcome === undefined);
  }

  summary(): Record<string, number> {
    const s: Record<string, number> = {};
    for (const o of this.ops) {
      const k = `${o.kind}:${o.outcome ?? 'pending'}`;
      s[k] = (s[k] ?? 0) + 1;
      if (o.unknownAttempts) s[`${o.kind}:had-unknown`] = (s[`${o.kind}:had-unknown`] ?? 0) + 1;
    }
    return s;
  }
}
