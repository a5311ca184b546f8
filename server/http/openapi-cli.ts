import { readFileSync, writeFileSync } from 'node:fs';
import { generatedApiDocs } from './openapi-document';

// npm run docs:api: rewrites docs/openapi.json and docs/API.md's route index from the routes and the contract.
// npm run docs:api -- --check: writes nothing, exits 1 naming each document that differs (CI, .ci/run);
// tests/unit/architecture/openapi-doc.test.ts checks the same in npm test.
const check = process.argv.includes('--check');
const docs = await generatedApiDocs(process.cwd());
const drifted: string[] = [];
for (const [file, text] of Object.entries(docs)) {
  let current = '';
  try { current = readFileSync(file, 'utf8'); } catch { /* missing: drifted */ }
  if (current === text) continue;
  drifted.push(file);
  if (!check) writeFileSync(file, text);
}
if (check && drifted.length > 0) {
  console.error(`out of date (run npm run docs:api): ${drifted.join(', ')}`);
  process.exit(1);
}
console.log(check ? `up to date: ${Object.keys(docs).join(', ')}` : drifted.length ? `wrote ${drifted.join(', ')}` : 'nothing to write');
