// Validates Kubernetes objects (a JSON array on stdin) against published schemas: the core API
// through `kubernetes-models`, Strimzi and CloudNativePG through their model packages (generated
// from the operators' CRDs), PodMonitor through the Prometheus Operator's. Prints one JSON report.
// Plain ESM run by Node itself (the model packages are ES modules only); tools/deploy/
// deployment.spec.ts runs it on both rendered overlays.
const MODELS = {
  'kafka.strimzi.io': (v) => `@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/${v}`,
  'postgresql.cnpg.io': (v) => `@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/${v}`,
  'monitoring.coreos.com': (v) =>
    `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${v}`,
};

function modulePath(apiVersion) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === '') return `kubernetes-models/${version}`;
  if (MODELS[group]) return MODELS[group](version);
  if (group.endsWith('.k8s.io') || !group.includes('.'))
    return `kubernetes-models/${group}/${version}`;
  return undefined;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const objects = JSON.parse(input);
const report = [];
for (const o of objects) {
  const path = modulePath(o.apiVersion);
  const entry = { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name };
  if (!path) {
    report.push({ ...entry, validated: false, reason: 'no published model for this API group' });
    continue;
  }
  let Model;
  try {
    Model = (await import(path))[o.kind];
  } catch (err) {
    report.push({ ...entry, validated: false, reason: `cannot load ${path}: ${err.message}` });
    continue;
  }
  if (!Model) {
    report.push({ ...entry, validated: false, reason: `${path} has no ${o.kind}` });
    continue;
  }
  try {
    new Model(o).validate();
    report.push({ ...entry, validated: true, model: path });
  } catch (err) {
    report.push({ ...entry, validated: true, model: path, error: String(err.message ?? err) });
  }
}
process.stdout.write(JSON.stringify(report));
