import type { NextFunction, Request, Response } from 'express';

/**
 * DSP leaves the Authorization header's form to the deployment, and EDC sends the bare token. The
 * platform's guard reads `Bearer <token>`, so on DSP routes a bare JWT gets the scheme added; the
 * token itself is verified exactly as everywhere else.
 */
export function connectorAuthorization(req: Request, _res: Response, next: NextFunction): void {
  const value = req.headers.authorization;
  if (value && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value.trim()))
    req.headers.authorization = `Bearer ${value.trim()}`;
  next();
}
