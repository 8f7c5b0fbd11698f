import type { NextFunction, Request, Response } from 'express';
import { legacyPathRewrite, versionedRoutes } from './api-version';

const routes = versionedRoutes([
  '/oauth/token',
  '/v1/oauth/signing-keys/rotate',
  '/v1/datasets',
  '/v1/datasets/{id}/schema-versions/{version}',
]);

function run(url: string): { url: string; headers: Record<string, string>; nexted: boolean } {
  const headers: Record<string, string> = {};
  const req = { url } as Request;
  const res = { setHeader: (k: string, v: string) => (headers[k] = v) } as unknown as Response;
  let nexted = false;
  legacyPathRewrite(routes)(req, res, (() => (nexted = true)) as NextFunction);
  return { url: req.url, headers, nexted };
}

describe('the unversioned paths of the first release', () => {
  it('are served as /v1 with Deprecation, Sunset and the successor link', () => {
    const r = run('/datasets/0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a/schema-versions/2?x=1');
    expect(r.url).toBe('/v1/datasets/0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a/schema-versions/2?x=1');
    expect(r.headers).toEqual({
      Deprecation: '@1796515200',
      Sunset: 'Wed, 30 Jun 2027 00:00:00 GMT',
      Link: '</v1/datasets/0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a/schema-versions/2>; rel="successor-version"',
    });
    expect(r.nexted).toBe(true);
  });

  it('leave versioned, version-neutral and unknown paths alone', () => {
    for (const url of [
      '/v1/datasets',
      '/oauth/token',
      '/health/ready',
      '/nowhere',
      '/datasets/x/y',
    ]) {
      const r = run(url);
      expect([r.url, r.headers]).toEqual([url, {}]);
    }
  });
});
