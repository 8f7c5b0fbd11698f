import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/*
 * A small Kustomize renderer for the features k8s/ uses (resources, namespace, images, strategic
 * merge patches by kind+name, secretGenerator), so tests can check the rendered overlays on
 * machines without kubectl. `kubectl kustomize` remains the tool of record.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  patches?: Array<{ path: string }>;
  secretGenerator?: Array<{ name: string; type?: string; literals?: string[] }>;
}

export function readYamlDocuments(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strategic merge, as kustomize does for built-in kinds: lists of named objects merge by name. */
function merge(target: unknown, patch: unknown): unknown {
  if (isObject(target) && isObject(patch)) {
    const out: Json = { ...target };
    for (const [k, v] of Object.entries(patch)) out[k] = k in target ? merge(target[k], v) : v;
    return out;
  }
  if (
    Array.isArray(target) &&
    Array.isArray(patch) &&
    patch.every((p) => isObject(p) && 'name' in p)
  ) {
    const out = target.map((t) => {
      const p = patch.find((x) => isObject(t) && (x as Json).name === t.name);
      return p ? merge(t, p) : t;
    });
    for (const p of patch)
      if (!target.some((t) => isObject(t) && t.name === (p as Json).name)) out.push(p);
    return out;
  }
  return patch;
}

function retag(obj: unknown, images: NonNullable<Kustomization['images']>): unknown {
  if (Array.isArray(obj)) return obj.map((o) => retag(o, images));
  if (!isObject(obj)) return obj;
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'image' && typeof v === 'string') {
      const [name, tag] = v.split(':');
      const rule = images.find((i) => i.name === name);
      out[k] = rule ? `${rule.newName ?? name}:${rule.newTag ?? tag}` : v;
    } else out[k] = retag(v, images);
  }
  return out;
}

export function kustomizeBuild(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`no kustomization.yaml in ${dir}`);
  const k = readYamlDocuments(file)[0] as unknown as Kustomization;
  let objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const path = join(dir, r);
    if (!existsSync(path)) throw new Error(`${file}: resource ${r} does not exist`);
    objects.push(
      ...(statSync(path).isDirectory() ? kustomizeBuild(path) : readYamlDocuments(path)),
    );
  }
  for (const g of k.secretGenerator ?? []) {
    const data = Object.fromEntries(
      (g.literals ?? []).map((l) => [
        l.slice(0, l.indexOf('=')),
        Buffer.from(l.slice(l.indexOf('=') + 1)).toString('base64'),
      ]),
    );
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: g.name },
      type: g.type ?? 'Opaque',
      data,
    });
  }
  for (const p of k.patches ?? []) {
    for (const patch of readYamlDocuments(join(dir, p.path))) {
      const i = objects.findIndex(
        (o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name,
      );
      if (i < 0) throw new Error(`${p.path}: no ${patch.kind}/${patch.metadata.name} to patch`);
      objects[i] = merge(objects[i], patch) as K8sObject;
    }
  }
  if (k.images) objects = objects.map((o) => retag(o, k.images!) as K8sObject);
  if (k.namespace) {
    objects = objects.map((o) =>
      o.kind === 'Namespace'
        ? { ...o, metadata: { ...o.metadata, name: k.namespace! } }
        : { ...o, metadata: { ...o.metadata, namespace: k.namespace } },
    );
  }
  return objects;
}

export function repoPath(...parts: string[]): string {
  return join(dirname(dirname(__dirname)), ...parts);
}
