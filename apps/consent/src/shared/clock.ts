import type { Clock } from '@dx/contracts';

/**
 * Time as the service sees it, injected so tests can move it (expiry, notice, schedules); the app
 * provides the platform's business clock (`platformClock`).
 */
export type { Clock };

export const CLOCK = Symbol('CLOCK');
