import { platformClock } from '@dx/contracts';

/** Time as the service sees it; injectable so tests can move it (expiry, notice, schedules). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return platformClock.now();
  }
}
