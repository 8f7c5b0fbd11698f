// @ts-check
/*
 * Module dependencies inside each service go one way (docs/architecture.md, "Modules inside a
 * service"). Each service lists its modules from the bottom up: a module may import the modules
 * listed before it, never those after it, so no two modules can import each other, directly or
 * through a third. Where a lower module must trigger work in a higher one, it declares a port
 * (an interface and an injection token) and the app module binds the higher module's
 * implementation to it. `npm test` runs this check (`npm run deps`).
 */
const fs = require('node:fs');
const path = require('node:path');

const MODULE_ORDER = {
  catalog: [
    'shared',
    'config',
    'trust-replica',
    'identity',
    'participants',
    'standards',
    'datasets',
    'dcat',
    'database',
  ],
  consent: [
    'config',
    'datasets',
    'agreements',
    'obligations',
    'policies',
    'subject-consents',
    'changes',
    'governance',
    'catalog-events',
    'scheduling',
    'database',
  ],
  integration: [
    'config',
    'access',
    'transfers',
    'datasets',
    'records',
    'views',
    'retention',
    'deliveries',
    'consent-events',
    'database',
  ],
  trust: ['config', 'scoring', 'profiles', 'database'],
  dsp: [
    'config',
    'platform',
    'protocol',
    'outbound',
    'catalogue',
    'negotiations',
    'transfers',
    'database',
  ],
  insights: [
    'config',
    'read-models',
    'timeseries',
    'overview',
    'relationships',
    'participants',
    'research',
    'stream',
    'web',
    'database',
  ],
};

/** One rule per service and module: nothing below may import it. */
const layering = Object.entries(MODULE_ORDER).flatMap(([service, modules]) =>
  modules.slice(0, -1).map((module, i) => ({
    name: `${service}-modules-one-way`,
    severity: /** @type {const} */ ('error'),
    comment: `apps/${service}: ${module} is below ${modules.slice(i + 1).join(', ')} and may not import them (declare a port instead)`,
    // Tests may compare modules (an overview test reads the relationships query).
    from: { path: `^apps/${service}/src/${module}/`, pathNot: '\\.spec\\.ts$' },
    to: { path: `^apps/${service}/src/(${modules.slice(i + 1).join('|')})/` },
  })),
);

/** Every module folder of a service must be placed in its order, so a new one is a decision. */
for (const [service, modules] of Object.entries(MODULE_ORDER)) {
  const dir = path.join(__dirname, 'apps', service, 'src');
  const unplaced = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !modules.includes(d.name))
    .map((d) => d.name);
  if (unplaced.length)
    throw new Error(
      `apps/${service}/src: module(s) ${unplaced.join(', ')} not in MODULE_ORDER.${service} (.dependency-cruiser.cjs)`,
    );
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'files that import each other, directly or through others',
      from: { path: '^(apps|libs|tools|bench)/' },
      to: { circular: true },
    },
    ...layering,
    {
      // Operator tools run a service's entry points (apps/<app>/src/migrate.ts, verify.ts,
      // rebuild.ts) as processes and share code through libraries; they never reach into a
      // service's modules (docs/architecture.md, "Tools and benchmarks").
      name: 'tools-use-entry-points',
      severity: 'error',
      from: { path: '^tools/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^apps/' },
    },
    {
      // The same for benchmarks: a raw baseline that needs a service's SQL gets it from an entry
      // point that an operator runs too (catalog's explain-search.ts, trust's verify.ts).
      name: 'bench-uses-entry-points',
      severity: 'error',
      from: { path: '^bench/' },
      to: {
        path: '^apps/',
        pathNot: '^apps/[^/]+/src/(main|migrate|verify|rebuild|explain-search)\\.ts$',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.local)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
