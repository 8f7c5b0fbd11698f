import type { Request } from 'express';

/** The bearer token the connector sent, to ask the services with (token relay). */
export const bearerOf = (req: Request): string =>
  (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
