import { VersioningType, type INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * The partner API's version, carried in the path (`/v1/datasets`); docs/adr/2026-12-06-api-versioning.md.
 * Health, metrics, the API documents, the OAuth token endpoint, the JWKS and the dashboard's page
 * stay where they are: probes, OAuth clients and browsers find them at well-known places.
 */
export const API_VERSION = '1';
export const API_PREFIX = `/v${API_VERSION}`;

/**
 * The unversioned paths of the first release answer until the sunset date, marked deprecated.
 * Deprecation (RFC 9745) is a structured-field date, the moment v1 became the supported form;
 * Sunset (RFC 8594) is an HTTP date after which the old paths may stop answering.
 */
export const LEGACY_PATHS_DEPRECATED_AT = new Date('2026-12-06T00:00:00Z');
export const LEGACY_PATHS_SUNSET_AT = new Date('2027-06-30T00:00:00Z');

/** Matchers of the versioned routes, from the service's own OpenAPI paths (`{id}` → one segment). */
export function versionedRoutes(paths: Iterable<string>): RegExp[] {
  const out: RegExp[] = [];
  for (const path of paths) {
    if (!path.startsWith(`${API_PREFIX}/`)) continue;
    const pattern = path
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    out.push(new RegExp(`^${pattern}$`));
  }
  return out;
}

/**
 * Serves an old unversioned path (`/datasets/…`) as the current version (`/v1/datasets/…`), with
 * Deprecation, Sunset and a `successor-version` link, so a partner script written against the
 * first release keeps working while its logs and proxies say what to change. Only a path that is
 * a route once prefixed moves: the version-neutral ones (`/oauth/token`) and unknown paths (a 404)
 * stay as they are.
 */
export function legacyPathRewrite(
  routes: readonly RegExp[],
): (req: Request, res: Response, next: NextFunction) => void {
  const deprecation = `@${Math.floor(LEGACY_PATHS_DEPRECATED_AT.getTime() / 1000)}`;
  const sunset = LEGACY_PATHS_SUNSET_AT.toUTCString();
  return (req, res, next) => {
    const url = req.url;
    const path = url.split('?')[0];
    if (!path.startsWith(`${API_PREFIX}/`) && routes.some((r) => r.test(`${API_PREFIX}${path}`))) {
      req.url = `${API_PREFIX}${url}`;
      res.setHeader('Deprecation', deprecation);
      res.setHeader('Sunset', sunset);
      res.setHeader('Link', `<${API_PREFIX}${path}>; rel="successor-version"`);
    }
    next();
  };
}

/** `/v1/...` for every controller that does not declare itself version-neutral. */
export function enableApiVersioning(app: INestApplication): void {
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: API_VERSION });
}
