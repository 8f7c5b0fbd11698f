import type { NextFunction, Request, Response } from 'express';

/**
 * Content-Security-Policy by kind of response. JSON APIs load nothing and may not be framed; the
 * OpenAPI page (Swagger UI) needs its own scripts and inline styles; the dashboard sets the strict
 * {@link DASHBOARD_CSP} on its page. Browsers are the audience: API clients ignore the header.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** Scripts, styles and data from the service itself only; no inline code, no framing. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function contentSecurityPolicy(req: Request, res: Response, next: NextFunction): void {
  res.setHeader(
    'Content-Security-Policy',
    /^\/docs(\/|-json|$)/.test(req.path) ? DOCS_CSP : API_CSP,
  );
  next();
}
