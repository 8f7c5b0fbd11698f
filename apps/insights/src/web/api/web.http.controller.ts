import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  Controller,
  Get,
  Header,
  NotFoundException,
  Param,
  Res,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DASHBOARD_CSP, Public } from '@dx/service-kit';

/** `apps/insights/web`, found from the source tree, the compiled tree or an image alike. */
function webRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'insights', 'web');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new Error('apps/insights/web not found above ' + __dirname);
}

const ROOT = webRoot();
/** The only files served, and where they are (the chart library from its package). */
const ASSETS: Record<string, { path: string; type: string }> = {
  ...Object.fromEntries(
    ['common.js', 'app.js', 'research.js'].map((name) => [
      name,
      { path: join(ROOT, name), type: 'text/javascript; charset=utf-8' },
    ]),
  ),
  'styles.css': { path: join(ROOT, 'styles.css'), type: 'text/css; charset=utf-8' },
  // The message files of the page's languages (apps/insights/web/i18n).
  ...Object.fromEntries(
    ['kk', 'ru', 'en'].map((lang) => [
      `i18n.${lang}.json`,
      { path: join(ROOT, 'i18n', `${lang}.json`), type: 'application/json; charset=utf-8' },
    ]),
  ),
  'uPlot.iife.min.js': {
    path: require.resolve('uplot/dist/uPlot.iife.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'uPlot.min.css': {
    path: require.resolve('uplot/dist/uPlot.min.css'),
    type: 'text/css; charset=utf-8',
  },
};

/**
 * The web dashboard: a static page that calls the insights API with the dashboard token the user
 * gives it (kept in the tab's session storage, never sent anywhere else). Public: the page holds no
 * data; every figure comes from the token-protected API.
 */
@ApiExcludeController()
@Public()
// The page is not part of the partner API: it stays at / whatever the API's version.
@Controller({ version: VERSION_NEUTRAL })
export class WebHttpController {
  @Get()
  @Header('cache-control', 'no-cache')
  @Header('content-security-policy', DASHBOARD_CSP)
  index(@Res() res: Response): void {
    res.type('text/html; charset=utf-8').sendFile(join(ROOT, 'index.html'));
  }

  // The study's page: the same token handling, the research endpoints (auditor, operator).
  @Get('research')
  @Header('cache-control', 'no-cache')
  @Header('content-security-policy', DASHBOARD_CSP)
  research(@Res() res: Response): void {
    res.type('text/html; charset=utf-8').sendFile(join(ROOT, 'research.html'));
  }

  @Get('assets/:name')
  @Header('cache-control', 'no-cache')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const asset = ASSETS[name];
    if (!asset) throw new NotFoundException(`no asset ${name}`);
    res.type(asset.type).sendFile(asset.path);
  }
}
