// @ts-check
const { readFileSync } = require('node:fs');

/*
 * Test tiers are visible in file names:
 *   *.spec.ts      unit: pure logic, in-memory fakes only
 *   *.int.spec.ts  integration: real PostgreSQL and real Kafka (local processes or Testcontainers)
 *   *.e2e.spec.ts  end to end: the apps as separate processes over HTTP and Kafka
 *   *.secure.spec.ts  the apps against the secured broker (TLS + SASL/SCRAM, ACLs deny by default)
 *   *.faults.spec.ts  the fault tier: replicas, private broker and database, faults injected by pid
 *   chaos.soak.ts      the seeded chaos soak (npm run chaos), outside npm test
 * TypeScript is transpiled by SWC (fast on two cores); `npm run typecheck` runs tsc separately.
 */
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const moduleNameMapper = {
  '^@dx/observability/register$': '<rootDir>/libs/observability/src/register.ts',
  '^@dx/(client|contracts|dataspace|demo|messaging|persistence|observability|research-methods|service-kit|testing|trust-model)$':
    '<rootDir>/libs/$1/src/index.ts',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // jose 6 and the SHACL validator with its RDF/JS helpers ship ES modules only; Jest's module
  // system needs them compiled to CommonJS.
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', { ...swc, swcrc: false }] },
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|rdf-validate-shacl|rdf-validate-datatype|clownface|@rdfjs|@vocabulary|@tpluscode)/)',
  ],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/.local/', '/dist/'],
};

/** @type {import('jest').Config} */
const config = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'],
      testPathIgnorePatterns: [
        ...common.testPathIgnorePatterns,
        '\\.int\\.spec\\.ts$',
        '\\.e2e\\.spec\\.ts$',
        '\\.secure\\.spec\\.ts$',
        '\\.faults\\.spec\\.ts$',
      ],
    },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      // Every answer of the services is checked against docs/openapi (setup-contract.ts).
      setupFilesAfterEnv: [
        '<rootDir>/libs/testing/src/setup-slow-tier.ts',
        '<rootDir>/libs/testing/src/setup-contract.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      // Every answer of the services is checked against docs/openapi (setup-contract.ts).
      setupFilesAfterEnv: [
        '<rootDir>/libs/testing/src/setup-slow-tier.ts',
        '<rootDir>/libs/testing/src/setup-contract.ts',
      ],
    },
    {
      ...common,
      displayName: 'secure',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.secure.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup-secure.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown-secure.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/setup-slow-tier.ts'],
    },
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.faults.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup-faults.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/setup-faults-tier.ts'],
    },
    {
      // The seeded chaos soak (npm run chaos): minutes to hours, never part of npm test.
      ...common,
      displayName: 'chaos',
      testMatch: ['<rootDir>/apps/system-e2e/src/chaos.soak.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup-faults.ts',
    },
  ],
};

module.exports = config;
