import { AppError, type AgreementEventType, type AgreementStateV1 } from '@dx/contracts';
import type { Terms } from './terms';

export type AgreementState = AgreementStateV1;
export type Party = 'provider' | 'consumer';
export type ActorRole = Party | 'operator' | 'system';

export interface Actor {
  subject: string;
  role: ActorRole;
}

export type TermKind = 'initial' | 'offer' | 'amendment' | 'renewal';

export interface TermVersion {
  version: number;
  kind: TermKind;
  proposedBy: Party;
  proposedAt: Date;
  terms: Terms;
  acceptedBy: Partial<Record<Party, Date>>;
}

export interface Notice {
  givenBy: Exclude<ActorRole, 'system'>;
  reason: string;
  givenAt: Date;
  effectiveAt: Date;
  requiredNoticeDays: number;
  noticeRespected: boolean;
}

/** One recorded transition; it becomes exactly one event. */
export interface Transition {
  event: AgreementEventType;
  from: AgreementState | null;
  to: AgreementState;
  actor: Actor;
  reason?: string;
  termVersion: number;
  at: Date;
}

export type Command =
  'offer' | 'accept' | 'reject' | 'withdraw' | 'suspend' | 'resume' | 'notice' | 'amend' | 'renew';

const NEGOTIATING: ReadonlySet<AgreementState> = new Set(['REQUESTED', 'OFFERED', 'ACCEPTED']);

/** What a party may do in each state (time transitions are not commands). */
const ALLOWED: Record<AgreementState, Command[]> = {
  REQUESTED: ['offer', 'accept', 'reject', 'withdraw'],
  OFFERED: ['offer', 'accept', 'reject', 'withdraw'],
  ACCEPTED: ['offer', 'accept', 'reject', 'withdraw'],
  AGREED: ['notice'],
  ACTIVE: ['suspend', 'notice', 'amend', 'renew', 'accept'],
  SUSPENDED: ['resume', 'notice'],
  NOTICE_GIVEN: [],
  TERMINATED: [],
  EXPIRED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

/** Who may issue each command (operators step in on suspension and notice only). */
const ISSUERS: Record<Command, ActorRole[]> = {
  offer: ['provider', 'consumer'],
  accept: ['provider', 'consumer'],
  reject: ['provider', 'consumer'],
  withdraw: ['provider', 'consumer'],
  suspend: ['provider', 'operator'],
  resume: ['provider', 'operator'],
  notice: ['provider', 'consumer', 'operator'],
  amend: ['provider', 'consumer'],
  renew: ['provider', 'consumer'],
};

const DAY_MS = 86_400_000;
/** Allowance for clock skew when a party means "now". */
const PAST_TOLERANCE_MS = 5 * 60 * 1000;

export function allowedCommands(state: AgreementState): Command[] {
  return ALLOWED[state];
}

/**
 * The agreement: ONE authoritative record holding both parties' acceptances, so the parties can
 * never diverge (the EDC complaint). Pure: every method takes `now`, checks the transition, changes
 * the state and records a {@link Transition}; the application turns each into one event.
 */
export class Agreement {
  readonly pending: Transition[] = [];

  constructor(
    readonly id: string,
    readonly datasetId: string,
    readonly providerId: string,
    readonly consumerId: string,
    public state: AgreementState,
    /** Optimistic concurrency; +1 per command that changes anything. */
    public version: number,
    readonly termVersions: TermVersion[],
    /** The version in force (set at agreement, moved by amendments and renewals). */
    public currentTermVersion: number | null,
    public notice: Notice | null,
    public stateReason: string | null,
    /** Time of the last transition; time-driven events are never dated before it. */
    public updatedAt: Date,
  ) {}

  static request(
    ids: { id: string; datasetId: string; providerId: string; consumerId: string },
    consumer: Actor,
    terms: Terms,
    now: Date,
  ): Agreement {
    const a = new Agreement(
      ids.id,
      ids.datasetId,
      ids.providerId,
      ids.consumerId,
      'REQUESTED',
      1,
      [],
      null,
      null,
      null,
      now,
    );
    a.termVersions.push({
      version: 1,
      kind: 'initial',
      proposedBy: 'consumer',
      proposedAt: now,
      terms,
      acceptedBy: {},
    });
    a.pending.push({
      event: 'consent.agreement.requested',
      from: null,
      to: 'REQUESTED',
      actor: consumer,
      termVersion: 1,
      at: now,
    });
    return a;
  }

  /** The newest term version, accepted or not (an offer under negotiation, a proposed change). */
  get latest(): TermVersion {
    return this.termVersions[this.termVersions.length - 1];
  }

  /** The terms in force: none until both parties accepted one version. */
  get current(): TermVersion | undefined {
    return this.termVersions.find((t) => t.version === this.currentTermVersion);
  }

  /** A proposed amendment or renewal not yet accepted by both. */
  get pendingChange(): TermVersion | undefined {
    const l = this.latest;
    return this.currentTermVersion !== null && l.version > this.currentTermVersion ? l : undefined;
  }

  /**
   * The role is checked before the state, so a participant who may never issue a command is told
   * so (403) rather than that the state is wrong (409), which would suggest waiting.
   */
  private assertAllowed(command: Command, actor: Actor): void {
    if (!ISSUERS[command].includes(actor.role)) {
      throw new AppError(
        'forbidden',
        'AGREEMENT.NOT_ALLOWED_FOR_ROLE',
        `the ${actor.role} cannot ${command} an agreement`,
        [],
        {
          allowedRoles: ISSUERS[command],
        },
      );
    }
    if (!ALLOWED[this.state].includes(command)) {
      throw new AppError(
        'conflict',
        'AGREEMENT.INVALID_TRANSITION',
        `an agreement in state ${this.state} cannot ${command}`,
        [],
        {
          currentState: this.state,
          allowedTransitions: ALLOWED[this.state],
        },
      );
    }
  }

  /**
   * Records a transition for the repository (one row) and the outbox (one event). `updatedAt` is
   * the latest transition's date: it only moves forward, whatever order the dates come in.
   */
  private move(
    event: AgreementEventType,
    to: AgreementState,
    actor: Actor,
    at: Date,
    termVersion: number,
    reason?: string,
  ): void {
    this.pending.push({
      event,
      from: this.state,
      to,
      actor,
      termVersion,
      at,
      ...(reason ? { reason } : {}),
    });
    this.state = to;
    if (at > this.updatedAt) this.updatedAt = at;
  }

  /** One aggregate version per command, however many transitions it made (If-Match, replicas). */
  private touch(): void {
    this.version += 1;
  }

  /** A (counter-)offer: a new term version; acceptances of earlier versions lapse. */
  offer(actor: Actor, terms: Terms, now: Date): void {
    this.assertAllowed('offer', actor);
    const version = this.latest.version + 1;
    this.termVersions.push({
      version,
      kind: 'offer',
      proposedBy: actor.role as Party,
      proposedAt: now,
      terms,
      acceptedBy: {},
    });
    this.move('consent.agreement.offered', 'OFFERED', actor, now, version);
    this.touch();
  }

  /**
   * Accepts `termVersion`, which must be the version under negotiation (or the pending amendment
   * or renewal). When both parties have accepted the same version the agreement is AGREED (and
   * ACTIVE at once if its validFrom has come), or the change is in force.
   */
  accept(actor: Actor, termVersion: number, now: Date, reason?: string): void {
    this.assertAllowed('accept', actor);
    const party = actor.role as Party;
    const target = NEGOTIATING.has(this.state) ? this.latest : this.pendingChange;
    if (!target) {
      throw new AppError(
        'conflict',
        'AGREEMENT.NOTHING_TO_ACCEPT',
        'there is no proposed term version to accept',
        [],
        {
          currentState: this.state,
          allowedTransitions: ALLOWED[this.state].filter((c) => c !== 'accept'),
        },
      );
    }
    if (termVersion !== target.version) {
      throw new AppError(
        'conflict',
        'AGREEMENT.STALE_TERMS',
        `term version ${termVersion} is not the one under negotiation`,
        [{ path: 'termVersion', message: `the term version to accept is ${target.version}` }],
        { currentTermVersion: target.version },
      );
    }
    if (target.acceptedBy[party]) {
      throw new AppError(
        'conflict',
        'AGREEMENT.ALREADY_ACCEPTED',
        `the ${party} has already accepted term version ${termVersion}`,
      );
    }
    target.acceptedBy[party] = now;
    const both = Boolean(target.acceptedBy.provider && target.acceptedBy.consumer);
    if (NEGOTIATING.has(this.state)) {
      this.move(
        'consent.agreement.accepted',
        both ? this.state : 'ACCEPTED',
        actor,
        now,
        target.version,
        reason,
      );
      if (both) {
        this.currentTermVersion = target.version;
        this.move('consent.agreement.agreed', 'AGREED', actor, now, target.version);
        this.advance(now);
      }
    } else {
      this.move('consent.agreement.accepted', this.state, actor, now, target.version, reason);
      if (both) {
        this.currentTermVersion = target.version;
        const event =
          target.kind === 'renewal' ? 'consent.agreement.renewed' : 'consent.agreement.amended';
        this.move(event, this.state, actor, now, target.version);
      }
    }
    this.touch();
  }

  reject(actor: Actor, reason: string, now: Date): void {
    this.assertAllowed('reject', actor);
    this.stateReason = reason;
    this.move('consent.agreement.rejected', 'REJECTED', actor, now, this.latest.version, reason);
    this.touch();
  }

  withdraw(actor: Actor, reason: string, now: Date): void {
    this.assertAllowed('withdraw', actor);
    this.stateReason = reason;
    this.move('consent.agreement.withdrawn', 'WITHDRAWN', actor, now, this.latest.version, reason);
    this.touch();
  }

  suspend(actor: Actor, reason: string, now: Date): void {
    this.assertAllowed('suspend', actor);
    this.stateReason = reason;
    this.move(
      'consent.agreement.suspended',
      'SUSPENDED',
      actor,
      now,
      this.currentTermVersion!,
      reason,
    );
    this.touch();
  }

  resume(actor: Actor, reason: string, now: Date): void {
    this.assertAllowed('resume', actor);
    this.stateReason = null;
    this.move('consent.agreement.resumed', 'ACTIVE', actor, now, this.currentTermVersion!, reason);
    // Time kept running while suspended: an end date or notice that passed meanwhile applies now.
    this.advance(now);
    this.touch();
  }

  /**
   * Notice to end the agreement at `effectiveAt`. Shorter than the agreed termination notice is
   * allowed (a party cannot be held in) but recorded as a breach: integrity evidence for trust.
   */
  giveNotice(actor: Actor, reason: string, effectiveAt: Date, now: Date): void {
    this.assertAllowed('notice', actor);
    if (effectiveAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
      throw new AppError('invalid', 'AGREEMENT.NOTICE_IN_PAST', 'effectiveAt lies in the past', [
        { path: 'effectiveAt', message: 'must not be in the past' },
      ]);
    }
    const terms = this.current!.terms;
    const required = terms.terminationNoticeDays;
    const effective = effectiveAt.getTime() < now.getTime() ? now : effectiveAt;
    this.notice = {
      givenBy: actor.role as Notice['givenBy'],
      reason,
      givenAt: now,
      effectiveAt: effective,
      requiredNoticeDays: required,
      noticeRespected: effective.getTime() - now.getTime() >= required * DAY_MS,
    };
    this.stateReason = reason;
    this.move(
      'consent.agreement.notice-given',
      'NOTICE_GIVEN',
      actor,
      now,
      this.currentTermVersion!,
      reason,
    );
    this.advance(now);
    this.touch();
  }

  /** Proposes an amendment or a renewal; the current terms stay in force until both accept. */
  proposeChange(actor: Actor, kind: 'amendment' | 'renewal', terms: Terms, now: Date): void {
    this.assertAllowed(kind === 'amendment' ? 'amend' : 'renew', actor);
    const current = this.current!.terms;
    if (
      kind === 'renewal' &&
      new Date(terms.validTo).getTime() <= new Date(current.validTo).getTime()
    ) {
      throw new AppError(
        'unprocessable',
        'AGREEMENT.RENEWAL_NOT_LONGER',
        'a renewal must extend validTo',
        [{ path: 'validTo', message: `must be after the current validTo ${current.validTo}` }],
      );
    }
    if (terms.validFrom !== current.validFrom) {
      throw new AppError(
        'unprocessable',
        'AGREEMENT.VALID_FROM_FIXED',
        'a running agreement keeps its validFrom',
        [{ path: 'validFrom', message: `must stay ${current.validFrom}` }],
      );
    }
    const version = this.latest.version + 1;
    this.termVersions.push({
      version,
      kind,
      proposedBy: actor.role as Party,
      proposedAt: now,
      terms,
      acceptedBy: {},
    });
    this.move('consent.agreement.offered', this.state, actor, now, version);
    this.touch();
  }

  /**
   * Time-driven transitions due at `now`: activation at validFrom, expiry at validTo, termination at
   * the notice date. Returns whether anything changed. Safe to call at any time, any number of times.
   */
  tick(now: Date): boolean {
    const changed = this.advance(now);
    if (changed) this.touch();
    return changed;
  }

  private advance(now: Date): boolean {
    const system: Actor = { subject: 'consent', role: 'system' };
    const before = this.pending.length;
    // Dated when due (a late scheduler does not shift history), never before the last transition.
    const when = (due: number): Date => new Date(Math.max(due, this.updatedAt.getTime()));
    for (;;) {
      const terms = this.current?.terms;
      if (!terms) break;
      const t = now.getTime();
      const validFrom = new Date(terms.validFrom).getTime();
      const validTo = new Date(terms.validTo).getTime();
      if (this.state === 'AGREED' && validFrom <= t && t < validTo) {
        this.move(
          'consent.agreement.activated',
          'ACTIVE',
          system,
          when(validFrom),
          this.currentTermVersion!,
        );
      } else if (
        this.state === 'NOTICE_GIVEN' &&
        this.notice &&
        this.notice.effectiveAt.getTime() <= t &&
        this.notice.effectiveAt.getTime() < validTo
      ) {
        this.move(
          'consent.agreement.terminated',
          'TERMINATED',
          system,
          when(this.notice.effectiveAt.getTime()),
          this.currentTermVersion!,
          this.notice.reason,
        );
      } else if (
        (this.state === 'ACTIVE' ||
          this.state === 'SUSPENDED' ||
          this.state === 'NOTICE_GIVEN' ||
          this.state === 'AGREED') &&
        validTo <= t
      ) {
        this.move(
          'consent.agreement.expired',
          'EXPIRED',
          system,
          when(validTo),
          this.currentTermVersion!,
        );
      } else break;
    }
    return this.pending.length > before;
  }

  /** When {@link advance} next has something to do (the scheduler's index), or null. */
  nextDueAt(): Date | null {
    const terms = this.current?.terms;
    if (!terms) return null;
    const validFrom = new Date(terms.validFrom);
    const validTo = new Date(terms.validTo);
    switch (this.state) {
      case 'AGREED':
        return validFrom < validTo ? validFrom : validTo;
      case 'ACTIVE':
      case 'SUSPENDED':
        return validTo;
      case 'NOTICE_GIVEN':
        return this.notice && this.notice.effectiveAt < validTo ? this.notice.effectiveAt : validTo;
      default:
        return null;
    }
  }
}
