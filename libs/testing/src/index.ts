export * from './wait-for';
export * from './names';
export * from './infra';
export * from './database';
export * from './kafka';
export * from './processes';
export * from './otlp-receiver';
export * from './ts-process';
