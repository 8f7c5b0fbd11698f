export * from './envelope';
export * from './errors';
export * from './event-definition';
export * from './topics';
export * from './registry';
export * from './wire';
export * from './events/catalog/participant-registered.v1';
export * from './events/trust/score-updated.v1';
