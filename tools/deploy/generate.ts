/** Rewrites the generated part of k8s/base (see k8s.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderK8sBase } from './k8s';

const root = join(__dirname, '../..');
for (const [path, text] of Object.entries(renderK8sBase())) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
console.log('[deploy] wrote k8s/base (apps, topics, Kafka, PostgreSQL)');
