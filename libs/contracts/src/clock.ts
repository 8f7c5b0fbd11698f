/**
 * Business time as domain code reads it: an interface only, so domain and contracts stay free of
 * the framework. Each app's platform module creates the one implementation (`BusinessClock` in
 * `@dx/service-kit`) and injects it as `CLOCK`.
 */
export interface Clock {
  now(): Date;
}
