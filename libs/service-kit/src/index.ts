export * from './config';
export * from './errors';
export * from './problem-details.filter';
export * from './validation';
export * from './auth';
export * from './idempotency';
export * from './platform.module';
export * from './bootstrap';
