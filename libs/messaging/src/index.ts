export * from './kafka.connection';
export * from './publisher';
export * from './backoff';
export * from './outbox.writer';
export * from './outbox.relay';
export * from './consumer.runner';
export * from './provisioning';
export * from './dlq-replay';
