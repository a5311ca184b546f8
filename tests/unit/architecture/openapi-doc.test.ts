import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_DOC_PATH, generatedApiDocs } from '../../../server/http/openapi-document';
import { API_DOC_PATH, INDEX_END, INDEX_START, withRouteIndex } from '../../../server/http/route-index';

// docs/openapi.json and docs/API.md's route index are generated from the routes' TypeBox schemas (server/contract);
// this fails while a checked-in copy differs from what the code declares (CI also runs npm run docs:api -- --check).
// Mutation caught: a schema or route changed without `npm run docs:api`.
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const read = (file: string) => readFileSync(path.join(repo, file), 'utf8');

describe('checked-in API documents', () => {
  it(`${OPENAPI_DOC_PATH} and ${API_DOC_PATH} are what the routes and the contract declare (regenerate: npm run docs:api)`, async () => {
    const generated = await generatedApiDocs(repo);
    expect(Object.keys(generated).sort()).toEqual([API_DOC_PATH, OPENAPI_DOC_PATH].sort());
    for (const [file, text] of Object.entries(generated)) {
      // Compared as text so that the failure shows the lines that drifted.
      expect(read(file) === text, `${file} is out of date: run npm run docs:api`).toBe(true);
    }
  }, 120_000);

  it('documents every route the app serves, with the shapes from the contract', () => {
    const doc = JSON.parse(read(OPENAPI_DOC_PATH)) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/wrapups', '/api/customers', '/api/campaigns', '/api/segments/preview', '/api/audit']));
    expect(doc.paths['/api/wrapups']?.post?.requestBody).toBeDefined();
    const apiMd = read(API_DOC_PATH);
    expect(apiMd).toContain('| GET | `/api/audit` | admin |  | 200: `audit.schemas#AuditListReply` |');
  });

  it('replaces only the route index of API.md, and refuses a page without its markers', () => {
    const page = `# API\nhand-written\n${INDEX_START}\nold table\n${INDEX_END}\nafter\n`;
    expect(withRouteIndex(page, `${INDEX_START}\nnew table\n${INDEX_END}`)).toBe(`# API\nhand-written\n${INDEX_START}\nnew table\n${INDEX_END}\nafter\n`);
    expect(() => withRouteIndex('# API\n', 'x')).toThrow(/no route index markers/);
  });
});
