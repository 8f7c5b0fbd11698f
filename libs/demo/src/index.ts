export * from './almaty';
export * from './platform-client';
export * from './run-demo';
export * from './seeded-random';
