export * from './data-source.factory';
export * from './messaging-tables';
export * from './database-url';
export * from './service-migrations';
