import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { allTopicSpecs, kafkaPrincipals, nodeOptionsOf, SERVICE_HEAP_MIB } from '@dx/contracts';
import { K8S_APPS, MANAGEMENT_PORT, renderK8sBase } from './k8s';
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

/** Pod specs of every workload, with where they are. */
function podSpecs(objects: K8sObject[]): Array<{ where: string; spec: Record<string, unknown> }> {
  return objects
    .filter((o) => ['Deployment', 'Job', 'StatefulSet', 'DaemonSet', 'Pod'].includes(o.kind))
    .map((o) => ({
      where: `${o.kind}/${o.metadata.name}`,
      spec: (o.kind === 'Pod' ? o.spec : at(o, 'spec.template.spec')) as Record<string, unknown>,
    }));
}

/**
 * What the Pod Security Standard "restricted" (v1.30+) requires of a pod, as violations: non-root,
 * no privilege escalation, capabilities dropped to ALL (adding only NET_BIND_SERVICE), a
 * RuntimeDefault or Localhost seccomp profile, no host namespaces, ports or paths, no privileged
 * containers, only the allowed volume types.
 */
function restrictedViolations(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  const pod = (spec.securityContext ?? {}) as Record<string, unknown>;
  const okSeccomp = (s: unknown) => ['RuntimeDefault', 'Localhost'].includes(String(at(s, 'type')));
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[k]) out.push(`${k} is set`);
  const volumeTypes = new Set([
    'configMap',
    'csi',
    'downwardAPI',
    'emptyDir',
    'ephemeral',
    'persistentVolumeClaim',
    'projected',
    'secret',
  ]);
  for (const v of (spec.volumes ?? []) as Array<Record<string, unknown>>)
    for (const key of Object.keys(v).filter((k) => k !== 'name'))
      if (!volumeTypes.has(key)) out.push(`volume ${String(v.name)} is ${key}`);
  const containers = [
    ...((spec.initContainers ?? []) as Array<Record<string, unknown>>),
    ...((spec.containers ?? []) as Array<Record<string, unknown>>),
  ];
  for (const c of containers) {
    const sc = (c.securityContext ?? {}) as Record<string, unknown>;
    const name = String(c.name);
    if (sc.privileged) out.push(`${name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false)
      out.push(`${name}: allowPrivilegeEscalation not false`);
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) out.push(`${name}: runAsNonRoot not true`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) out.push(`${name}: runs as uid 0`);
    if (!okSeccomp(sc.seccompProfile ?? pod.seccompProfile))
      out.push(`${name}: no seccomp profile`);
    const caps = (sc.capabilities ?? {}) as { drop?: string[]; add?: string[] };
    if (!caps.drop?.includes('ALL')) out.push(`${name}: capabilities not dropped to ALL`);
    for (const a of caps.add ?? []) if (a !== 'NET_BIND_SERVICE') out.push(`${name}: adds ${a}`);
    for (const p of (c.ports ?? []) as Array<Record<string, unknown>>)
      if (p.hostPort) out.push(`${name}: hostPort ${JSON.stringify(p.hostPort)}`);
  }
  return out;
}

/** tools/deploy/validate-manifests.mjs on a rendered overlay: the published schemas' verdicts. */
function validateAgainstSchemas(objects: K8sObject[]): Array<Record<string, unknown>> {
  const run = spawnSync(process.execPath, [repoPath('tools/deploy/validate-manifests.mjs')], {
    cwd: repoPath(),
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`validate-manifests failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
}

describe('k8s manifests', () => {
  it('base files are what the generator writes (run `npm run deploy:generate` after changes)', () => {
    for (const [path, text] of Object.entries(renderK8sBase())) {
      expect(readFileSync(repoPath(path), 'utf8')).toBe(text);
    }
  });

  describe.each(['dev', 'prod'])('overlay %s', (overlay) => {
    const objects = kustomizeBuild(repoPath('k8s/overlays', overlay));
    const namespace = overlay === 'dev' ? 'dx-dev' : 'dx';

    it('validates every object against the Kubernetes, Strimzi, CloudNativePG and Prometheus Operator schemas', () => {
      const report = validateAgainstSchemas(objects);
      expect(report).toHaveLength(objects.length);
      expect(report.filter((r) => r.error)).toEqual([]);
      // Only the Barman Cloud plugin's ObjectStore has no published model (README of k8s/).
      expect(
        report.filter((r) => !r.validated).map((r) => `${String(r.kind)}/${String(r.name)}`),
      ).toEqual(['ObjectStore/dx-pg-backups']);
      const validatedKinds = new Set(report.filter((r) => r.validated).map((r) => r.kind));
      for (const kind of [
        'Kafka',
        'KafkaNodePool',
        'KafkaTopic',
        'KafkaUser',
        'Cluster',
        'ScheduledBackup',
        'PodMonitor',
        'Deployment',
        'NetworkPolicy',
        'Ingress',
      ])
        expect(validatedKinds.has(kind)).toBe(true);
    });

    it('uses the API versions current Strimzi accepts (kafka.strimzi.io/v1) for Kafka 4.x', () => {
      const strimzi = objects.filter((o) => o.apiVersion.startsWith('kafka.strimzi.io/'));
      expect(new Set(strimzi.map((o) => o.apiVersion))).toEqual(new Set(['kafka.strimzi.io/v1']));
      expect(at(find(objects, 'Kafka', 'dx-kafka'), 'spec.kafka.version')).toMatch(/^4\./);
    });

    it('passes the Pod Security Standard "restricted" for every pod, and the namespace enforces it', () => {
      const pods = podSpecs(objects);
      expect(pods.length).toBeGreaterThanOrEqual(APPS.length);
      expect(pods.map((p) => [p.where, restrictedViolations(p.spec)])).toEqual(
        pods.map((p) => [p.where, []]),
      );
      expect(find(objects, 'Namespace', namespace).metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
    });

    it('puts everything in the overlay namespace', () => {
      for (const o of objects.filter((x) => x.kind !== 'Namespace'))
        expect(o.metadata.namespace).toBe(namespace);
    });

    it.each(APPS)(
      'runs %s with probes, resources, its own Kafka principal, migrations on every rollout, HPA and PDB',
      (app) => {
        const image =
          overlay === 'dev'
            ? new RegExp(`^dx/${app}:dev$`)
            : new RegExp(`^registry.example/dx/${app}:0\\.1\\.0$`);
        const deployment = find(objects, 'Deployment', app);
        expect(deployment).toMatchObject({
          spec: {
            replicas: overlay === 'dev' ? 1 : 3,
            template: {
              spec: {
                initContainers: [{ name: 'migrate', image: expect.stringMatching(image) }],
                containers: [
                  {
                    image: expect.stringMatching(image),
                    readinessProbe: { httpGet: { path: '/health/ready', port: 'http' } },
                    livenessProbe: { httpGet: { path: '/health/live', port: 'http' } },
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
        // The service's own migrate entry point, which the image holds (tsconfig.build.json).
        expect(at(deployment, 'spec.template.spec.initContainers.0.command')).toContain(
          `dist/apps/${app}/src/migrate.js`,
        );
        expect(find(objects, 'ConfigMap', `dx-${app}`)).toMatchObject({
          data: {
            KAFKA_SASL_USERNAME: `dx-${app}`,
            MANAGEMENT_PORT: String(MANAGEMENT_PORT),
            NODE_OPTIONS: nodeOptionsOf(app),
          },
        });
        // V8's old space is only part of the process (new space, code, buffers, native memory):
        // the heap limit must leave at least as much again below the container's memory limit.
        const heapMiB = SERVICE_HEAP_MIB[app];
        const limit = String(
          at(deployment, 'spec.template.spec.containers.0.resources.limits.memory'),
        );
        expect(limit).toMatch(/^\d+(Mi|Gi)$/);
        const [, amount, unit] = /^(\d+)(Mi|Gi)$/.exec(limit)!;
        expect(Number(amount) * (unit === 'Gi' ? 1024 : 1)).toBeGreaterThanOrEqual(2 * heapMiB);
        // The password file comes from the KafkaUser's Secret of the same name.
        expect(at(deployment, 'spec.template.spec.volumes')).toContainEqual({
          name: 'kafka-user',
          secret: { secretName: `dx-${app}` },
        });
        const port = K8S_APPS.find((a) => a.name === app)!.port;
        expect(find(objects, 'Service', app)).toMatchObject({
          spec: {
            ports: [
              { name: 'http', port },
              { name: 'management', port: MANAGEMENT_PORT },
            ],
          },
        });
        expect(find(objects, 'HorizontalPodAutoscaler', app)).toMatchObject({
          spec: { scaleTargetRef: { name: app } },
        });
        expect(find(objects, 'PodDisruptionBudget', app)).toMatchObject({
          spec: { selector: { matchLabels: { 'app.kubernetes.io/name': app } } },
        });
      },
    );

    it.each(APPS)(
      'limits %s by a NetworkPolicy: API port from the ingress controller, metrics from monitoring only',
      (app) => {
        const policy = find(objects, 'NetworkPolicy', app);
        const port = K8S_APPS.find((a) => a.name === app)!.port;
        expect(at(policy, 'spec.policyTypes')).toEqual(['Ingress', 'Egress']);
        const ingress = at(policy, 'spec.ingress') as Array<Record<string, unknown>>;
        const fromNamespace = (ns: string) =>
          ingress.filter((r) =>
            JSON.stringify(r.from).includes(`"kubernetes.io/metadata.name":"${ns}"`),
          );
        expect(fromNamespace('ingress-nginx').map((r) => r.ports)).toEqual([
          [{ protocol: 'TCP', port }],
        ]);
        expect(fromNamespace('monitoring').map((r) => r.ports)).toEqual([
          [{ protocol: 'TCP', port: MANAGEMENT_PORT }],
        ]);
        const egressPorts = (
          at(policy, 'spec.egress') as Array<{ ports: Array<{ port: number }> }>
        ).flatMap((r) => r.ports.map((p) => p.port));
        expect(egressPorts).toEqual(expect.arrayContaining([53, 9093, 5432, 3001, 4318]));
        expect(find(objects, 'NetworkPolicy', 'default-deny')).toMatchObject({
          spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
        });
      },
    );

    it('publishes the partner APIs over TLS and never routes to a management port', () => {
      const ing = find(objects, 'Ingress', 'dx-api');
      const rules = at(ing, 'spec.rules') as Array<{
        host: string;
        http: { paths: Array<{ backend: { service: { name: string; port: { name: string } } } }> };
      }>;
      expect(rules.map((r) => r.http.paths[0].backend.service.name).sort()).toEqual(
        [...APPS].sort(),
      );
      for (const r of rules)
        for (const p of r.http.paths) expect(p.backend.service.port).toEqual({ name: 'http' });
      const tls = at(ing, 'spec.tls.0') as { hosts: string[]; secretName: string };
      expect(tls.hosts.sort()).toEqual(rules.map((r) => r.host).sort());
      expect(tls.secretName).toBeTruthy();
    });

    it('secures Kafka: a TLS listener with SCRAM, simple authorization, one KafkaUser per principal with the generated ACLs', () => {
      expect(at(find(objects, 'Kafka', 'dx-kafka'), 'spec.kafka')).toMatchObject({
        listeners: [{ tls: true, authentication: { type: 'scram-sha-512' } }],
        authorization: { type: 'simple' },
      });
      const users = objects.filter((o) => o.kind === 'KafkaUser');
      expect(users.map((u) => u.metadata.name).sort()).toEqual(
        kafkaPrincipals()
          .map((p) => p.name)
          .sort(),
      );
      for (const p of kafkaPrincipals()) {
        const acls = at(find(objects, 'KafkaUser', p.name), 'spec.authorization.acls') as Array<{
          resource: { type: string; name?: string };
          operations: string[];
        }>;
        const writes = acls
          .filter((a) => a.resource.type === 'topic' && a.operations.includes('Write'))
          .map((a) => a.resource.name)
          .sort();
        const expected = p.acls
          .filter((a) => a.resourceType === 'topic' && a.operations.includes('WRITE'))
          .map((a) => a.resourceName)
          .sort();
        expect([p.name, writes]).toEqual([p.name, expected]);
      }
      expect(
        at(find(objects, 'KafkaUser', 'dx-trust'), 'spec.authorization.acls') as unknown[],
      ).toContainEqual({
        resource: { type: 'topic', name: 'trust.score.v1', patternType: 'literal' },
        operations: ['Write', 'Describe'],
        host: '*',
      });
    });

    it('declares every topic of the registry with explicit retention, finite for dead letters and subject pseudonyms', () => {
      const topics = objects.filter((o) => o.kind === 'KafkaTopic');
      for (const t of allTopicSpecs()) {
        expect(topics.find((x) => at(x, 'spec.topicName') === t.name)).toMatchObject({
          metadata: { labels: { 'strimzi.io/cluster': 'dx-kafka' } },
          spec: {
            partitions: t.partitions,
            config: { 'cleanup.policy': t.cleanupPolicy, 'retention.ms': t.retentionMs },
          },
        });
      }
      expect(topics).toHaveLength(allTopicSpecs().length);
      for (const t of allTopicSpecs().filter((x) => x.name.includes('.dlq.')))
        expect(t.retentionMs).toBeGreaterThan(0);
    });

    it('lets CloudNativePG manage each service role with its password from a Secret, backs up, and is scraped', () => {
      const cluster = find(objects, 'Cluster', 'dx-pg');
      const roles = at(cluster, 'spec.managed.roles') as Array<{
        name: string;
        login: boolean;
        superuser: boolean;
        passwordSecret: { name: string };
      }>;
      expect(roles.map((r) => r.name).sort()).toEqual(APPS.map((a) => `dx_${a}`).sort());
      for (const r of roles) {
        expect(r).toMatchObject({ login: true, superuser: false });
        expect(r.passwordSecret.name).not.toBe(r.name);
      }
      const sql = (at(cluster, 'spec.bootstrap.initdb.postInitApplicationSQL') as string[]).join(
        '\n',
      );
      for (const s of SCHEMAS) expect(sql).toContain(`CREATE SCHEMA ${s} AUTHORIZATION dx_${s}`);
      expect(sql).not.toMatch(/PASSWORD/i);
      expect(at(cluster, 'spec.plugins.0.name')).toBe('barman-cloud.cloudnative-pg.io');
      expect(find(objects, 'ScheduledBackup', 'dx-pg-daily')).toMatchObject({
        spec: { cluster: { name: 'dx-pg' }, method: 'plugin' },
      });
      expect(find(objects, 'PodMonitor', 'dx-pg')).toMatchObject({
        spec: { selector: { matchLabels: { 'cnpg.io/cluster': 'dx-pg' } } },
      });
      expect(find(objects, 'PodMonitor', 'dx-services')).toMatchObject({
        spec: { podMetricsEndpoints: [{ port: 'management', path: '/metrics' }] },
      });
    });

    it.each(APPS)(
      'gives %s a database password that is not its role name, and a URL that verifies TLS',
      (a) => {
        // The dev overlay generates them; production brings its own, so there is nothing to read.
        const secrets = objects.filter((o) => o.kind === 'Secret');
        const decoded = (name: string, key: string) => {
          const data = secrets.find((o) => o.metadata.name === name)?.data as
            Record<string, string> | undefined;
          return data ? Buffer.from(data[key], 'base64').toString() : undefined;
        };
        const password = decoded(`dx-${a}-db-credentials`, 'password');
        const url = decoded(`dx-${a}-db`, 'url');
        expect(password === undefined && url === undefined).toBe(overlay === 'prod');
        expect(password).not.toBe(`dx_${a}`);
        expect(url === undefined ? password : decodeURIComponent(new URL(url).password)).toBe(
          password,
        );
        expect(url === undefined ? null : new URL(url).searchParams.get('sslmode')).toBe(
          overlay === 'dev' ? 'verify-full' : null,
        );
      },
    );

    it('references only the documented secrets, generated in dev and external in prod', () => {
      const refs = [...secretRefs(objects)].sort();
      expect(refs).toEqual(
        ['dx-operator', 'dx-dsp-gateway', ...APPS.map((a) => `dx-${a}-db`)].sort(),
      );
      const generated = objects
        .filter((o) => o.kind === 'Secret')
        .map((o) => o.metadata.name)
        .sort();
      const credentials = APPS.map((a) => `dx-${a}-db-credentials`);
      expect(generated).toEqual(
        overlay === 'dev' ? [...refs, ...credentials, 'dx-pg-backup-s3'].sort() : [],
      );
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
          NODE_OPTIONS: nodeOptionsOf(app),
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
