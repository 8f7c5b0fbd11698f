import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { allTopicSpecs } from '@dx/contracts';
import { K8S_APPS, renderK8sBase } from './k8s';
import { kustomizeBuild, repoPath, type K8sObject } from './kustomize';

const APPS = K8S_APPS.map((a) => a.name);
const SCHEMAS = APPS; // one schema per app, named after it

function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`missing ${kind}/${name}`);
  return o;
}

/** The value at a dotted path (numeric parts index arrays); undefined when absent. */
function at(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

function secretRefs(objects: K8sObject[]): Set<string> {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.secretKeyRef && typeof o.secretKeyRef === 'object')
        names.add((o.secretKeyRef as { name: string }).name);
      Object.values(o).forEach(walk);
    }
  };
  walk(objects);
  return names;
}

describe('k8s manifests', () => {
  it('base files are what the generator writes (run `npm run deploy:generate` after changes)', () => {
    for (const [path, text] of Object.entries(renderK8sBase(repoPath()))) {
      expect(readFileSync(repoPath(path), 'utf8')).toBe(text);
    }
  });

  describe.each(['dev', 'prod'])('overlay %s', (overlay) => {
    const objects = kustomizeBuild(repoPath('k8s/overlays', overlay));
    const namespace = overlay === 'dev' ? 'dx-dev' : 'dx';

    it('puts everything in the overlay namespace', () => {
      for (const o of objects.filter((x) => x.kind !== 'Namespace'))
        expect(o.metadata.namespace).toBe(namespace);
      expect(find(objects, 'Namespace', namespace)).toBeTruthy();
    });

    it.each(APPS)('runs %s with probes, resources, service, migration job, HPA and PDB', (app) => {
      const image =
        overlay === 'dev'
          ? new RegExp(`^dx/${app}:dev$`)
          : new RegExp(`^registry.example/dx/${app}:0\\.1\\.0$`);
      expect(find(objects, 'Deployment', app)).toMatchObject({
        spec: {
          replicas: overlay === 'dev' ? 1 : 3,
          template: {
            spec: {
              containers: [
                {
                  image: expect.stringMatching(image),
                  readinessProbe: { httpGet: { path: '/health/ready' } },
                  livenessProbe: { httpGet: { path: '/health/live' } },
                  resources: {
                    limits: { memory: expect.any(String) },
                    requests: { cpu: expect.any(String) },
                  },
                  envFrom: [
                    { configMapRef: { name: 'dx-common' } },
                    { configMapRef: { name: `dx-${app}` } },
                  ],
                },
              ],
            },
          },
        },
      });
      const port = K8S_APPS.find((a) => a.name === app)!.port;
      expect(find(objects, 'Service', app)).toMatchObject({ spec: { ports: [{ port }] } });
      expect(
        at(find(objects, 'Job', `${app}-migrate`), 'spec.template.spec.containers.0.command'),
      ).toContain(app);
      expect(find(objects, 'HorizontalPodAutoscaler', app)).toMatchObject({
        spec: { scaleTargetRef: { name: app } },
      });
      expect(find(objects, 'PodDisruptionBudget', app)).toMatchObject({
        spec: { selector: { matchLabels: { 'app.kubernetes.io/name': app } } },
      });
    });

    it('declares every topic of the registry as a Strimzi KafkaTopic', () => {
      const topics = objects.filter((o) => o.kind === 'KafkaTopic');
      for (const t of allTopicSpecs()) {
        expect(topics.find((x) => at(x, 'spec.topicName') === t.name)).toMatchObject({
          metadata: { labels: { 'strimzi.io/cluster': 'dx-kafka' } },
          spec: { partitions: t.partitions, config: { 'cleanup.policy': t.cleanupPolicy } },
        });
      }
      expect(topics).toHaveLength(allTopicSpecs().length);
    });

    it('creates every service schema in the CloudNativePG cluster', () => {
      const sql = (
        at(
          find(objects, 'Cluster', 'dx-pg'),
          'spec.bootstrap.initdb.postInitApplicationSQL',
        ) as string[]
      ).join('\n');
      for (const s of SCHEMAS) expect(sql).toContain(`'${s}'`);
      expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS');
    });

    it('references only the documented secrets, generated in dev and external in prod', () => {
      const refs = [...secretRefs(objects)].sort();
      expect(refs).toEqual(['dx-operator', ...APPS.map((a) => `dx-${a}-db`)].sort());
      const generated = objects
        .filter((o) => o.kind === 'Secret')
        .map((o) => o.metadata.name)
        .sort();
      expect(generated).toEqual(overlay === 'dev' ? refs : []);
    });
  });
});

describe('docker compose', () => {
  const compose = parse(readFileSync(repoPath('docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, object>;
  };
  const s = compose.services;

  it('runs Kafka, PostgreSQL with the shared init SQL, the collector, Jaeger and the one-shots', () => {
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining([
        'kafka',
        'postgres',
        'otel-collector',
        'jaeger',
        'topics',
        'migrate',
      ]),
    );
    expect(at(s.postgres, 'volumes.0')).toMatch(
      /^\.\/tools\/local-infra\/postgres\/init\.sql:\/docker-entrypoint-initdb\.d\//,
    );
    expect(s.kafka).toMatchObject({ environment: { KAFKA_PROCESS_ROLES: 'broker,controller' } });
    expect(at(s.topics, 'command')).toContain('dist/tools/cli/provision-topics.js');
    for (const app of APPS)
      expect(at(s.migrate, `environment.${app.toUpperCase()}_DATABASE_URL`)).toContain(
        `dx_${app}:`,
      );
  });

  it.each(APPS)(
    'runs %s from the shared image, as its own role, after migrations and topics',
    (app) => {
      expect(s[app]).toMatchObject({
        build: { args: { APP: app } },
        environment: {
          DATABASE_URL: expect.stringMatching(new RegExp(`^postgres://dx_${app}:`)),
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
        },
        depends_on: {
          migrate: { condition: 'service_completed_successfully' },
          topics: { condition: 'service_completed_successfully' },
        },
      });
      expect((at(s[app], 'healthcheck.test') as string[]).join(' ')).toContain('/health/ready');
    },
  );

  it('builds with the same compile step and entry point the e2e build test runs', () => {
    const dockerfile = readFileSync(repoPath('Dockerfile'), 'utf8');
    expect(dockerfile).toContain('npx tsc -p tsconfig.build.json');
    expect(dockerfile).toContain(
      'node -r tsconfig-paths/register dist/apps/${DX_SERVICE}/src/main.js',
    );
  });
});
