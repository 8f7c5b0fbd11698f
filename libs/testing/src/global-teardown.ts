import { stopLocalInfra } from './infra';

/** Stops only what global setup started. */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const containers = g.__dxContainers as Array<{ stop(): Promise<unknown> }> | undefined;
  if (containers) await Promise.all(containers.map((c) => c.stop()));
  if (g.__dxStartedLocal) stopLocalInfra();
}
