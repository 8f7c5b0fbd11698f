import { randomBytes } from 'node:crypto';

/** A short random suffix; every test gets its own topics, groups and databases. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

export function uniqueTopic(base = 'test'): string {
  return `${base}.${uniqueSuffix()}`;
}

export function uniqueGroup(base = 'test'): string {
  return `${base}.${uniqueSuffix()}`;
}

/** A topic/group prefix isolating one test file's use of the shared broker. */
export function uniquePrefix(): string {
  return `t${uniqueSuffix()}.`;
}
