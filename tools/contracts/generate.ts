/** Rewrites the files generated from libs/contracts: asyncapi.yaml, docs/events.md, golden fixtures. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiYaml, eventsMarkdown, fixtureFiles } from '@dx/contracts';

const root = join(__dirname, '../..');
writeFileSync(join(root, 'libs/contracts/asyncapi.yaml'), asyncApiYaml());
writeFileSync(join(root, 'docs/events.md'), eventsMarkdown());
const dir = join(root, 'libs/contracts/src/__fixtures__');
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(fixtureFiles())) writeFileSync(join(dir, name), text);
console.log('[contracts] wrote libs/contracts/asyncapi.yaml, docs/events.md and fixtures');
