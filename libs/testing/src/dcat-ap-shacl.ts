import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Quad } from 'n3';

/*
 * Validation of DCAT-AP exports against the official SEMIC DCAT-AP 3.0.1 SHACL shapes
 * (__fixtures__/dcat-ap-3.0.1, CC-BY 4.0, docs/dataspace.md §5), with Zazuko's rdf-validate-shacl.
 * Both the shapes (cardinalities, node kinds, datatypes, classes) and the ranges file are applied:
 * `sh:class` is checked against the types in the data graph, so every node we reference must say
 * what it is, as a harvester that follows the ranges expects.
 */

const SHAPES_DIR = join(__dirname, '__fixtures__', 'dcat-ap-3.0.1');
const SHAPE_FILES = ['dcat-ap-SHACL.ttl', 'ranges.ttl'];

export interface ShaclViolation {
  focusNode: string;
  path: string | null;
  message: string;
  /** The SHACL constraint broken (sh:ClassConstraintComponent …): the shapes carry no messages. */
  constraint: string;
  shape: string;
  severity: string;
}

/**
 * The one place DSP 2025-1 and DCAT-AP 3 disagree (docs/dataspace.md §5): DSP's JSON Schemas make
 * a data service's `endpointURL` a string, which its context reads as a literal, where DCAT-AP
 * wants an IRI (node kind and range). The violations a DSP catalogue has for that, and no other.
 */
export const dspEndpointUrlConflict = (
  serviceId: string,
): Array<Pick<ShaclViolation, 'focusNode' | 'path' | 'constraint'>> =>
  ['NodeKindConstraintComponent', 'ClassConstraintComponent'].map((constraint) => ({
    focusNode: serviceId,
    path: 'http://www.w3.org/ns/dcat#endpointURL',
    constraint,
  }));

export interface ShaclReport {
  conforms: boolean;
  violations: ShaclViolation[];
  /** Triples validated: a report over an empty graph would conform too. */
  triples: number;
}

let shapes: Quad[] | null = null;

/** The DSP 2025-1 contexts (__fixtures__/dsp-2025-1): served locally, never fetched. */
const LOCAL_CONTEXTS: Record<string, string> = {
  'https://w3id.org/dspace/2025/1/context.jsonld': 'dsp-2025-1/context.jsonld',
  'https://w3id.org/dspace/2025/1/odrl-profile.jsonld': 'dsp-2025-1/odrl-profile.jsonld',
};

/**
 * Our exports carry their context inline, the DSP catalogue names the DSP contexts (kept here);
 * anything else would be a remote fetch, which a test (and the platform) never makes.
 */
const localContexts = (url: string) => {
  const file = LOCAL_CONTEXTS[url];
  if (!file) throw new Error(`refusing to load the remote JSON-LD document ${url}`);
  return Promise.resolve({
    contextUrl: undefined,
    documentUrl: url,
    document: JSON.parse(readFileSync(join(__dirname, '__fixtures__', file), 'utf8')) as object,
  });
};

/** Validates one JSON-LD document (a catalogue page, or a dataset) against DCAT-AP 3.0.1. */
export async function validateDcatAp(document: object): Promise<ShaclReport> {
  // Loaded on first use: most test files import @dx/testing and never validate RDF.
  const [jsonld, { Parser, Store }, { default: SHACLValidator }] = await Promise.all([
    import('jsonld'),
    import('n3'),
    // ES modules only (Jest compiles it, see jest.config.js).
    import('rdf-validate-shacl'),
  ]);
  shapes ??= SHAPE_FILES.flatMap((file) =>
    new Parser({ format: 'text/turtle' }).parse(readFileSync(join(SHAPES_DIR, file), 'utf8')),
  );
  const nquads = (await jsonld.toRDF(document, {
    format: 'application/n-quads',
    documentLoader: localContexts as never,
  })) as unknown as string;
  const data = new Store(new Parser({ format: 'application/n-quads' }).parse(nquads));
  const validator = new SHACLValidator(new Store(shapes));
  const report = await validator.validate(data);
  return {
    conforms: report.conforms,
    triples: data.size,
    violations: report.results.map((r) => ({
      focusNode: r.focusNode?.value ?? '',
      path: r.path?.value ?? null,
      message: r.message.map((m) => m.value).join('; '),
      constraint:
        r.sourceConstraintComponent?.value.replace('http://www.w3.org/ns/shacl#', '') ?? '',
      shape: r.sourceShape?.value ?? '',
      severity: r.severity?.value.replace('http://www.w3.org/ns/shacl#', '') ?? '',
    })),
  };
}
