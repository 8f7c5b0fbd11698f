/*
 * How each service's Node process is sized where it is deployed: the Kubernetes manifests
 * (tools/deploy/k8s.ts), docker compose and the benchmarks all take it from here.
 *
 * Each value is V8's old-space limit in MiB (`--max-old-space-size`). Without it V8 sizes old space from the
 * memory it sees and grows it lazily, so a service under load keeps garbage it could have collected:
 * the catalog peaked at 363–369 MiB RSS by default and 205–213 MiB with 160 MiB, at the same
 * throughput (bench/README.md, 2026-12-06).
 */
export const SERVICE_HEAP_MIB = {
  catalog: 160,
  consent: 160,
  integration: 160,
  trust: 160,
  insights: 160,
  dsp: 160,
} as const;

export type DeployedService = keyof typeof SERVICE_HEAP_MIB;

/** The Node options a service runs with in the cluster, in compose and in the benchmarks. */
export const nodeOptionsOf = (service: string): string => {
  const heap = SERVICE_HEAP_MIB[service as DeployedService];
  if (heap === undefined) throw new Error(`no such service: ${service}`);
  return `--max-old-space-size=${heap}`;
};
