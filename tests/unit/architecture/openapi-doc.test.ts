import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_DOC_PATH, openApiDocument, renderOpenApi } from '../../../server/http/openapi-document';

// docs/openapi.json is generated from the routes' TypeBox schemas (server/contract); this fails while the checked-in
// copy differs from what the code declares. Mutation caught: a schema or route changed without `npm run docs:api`.
const repo = fileURLToPath(new URL('../../..', import.meta.url));

describe('checked-in OpenAPI document', () => {
  it(`${OPENAPI_DOC_PATH} is what the routes and the contract declare (regenerate: npm run docs:api)`, async () => {
    const checkedIn = readFileSync(path.join(repo, OPENAPI_DOC_PATH), 'utf8');
    const generated = renderOpenApi(await openApiDocument());
    // Compared as text so that the failure shows the lines that drifted.
    expect(checkedIn === generated, `${OPENAPI_DOC_PATH} is out of date: run npm run docs:api`).toBe(true);
  }, 120_000);

  it('documents every route the app serves, with the shapes from the contract', async () => {
    const doc = JSON.parse(readFileSync(path.join(repo, OPENAPI_DOC_PATH), 'utf8')) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/wrapups', '/api/customers', '/api/campaigns', '/api/segments/preview']));
    expect(doc.paths['/api/wrapups']?.post?.requestBody).toBeDefined();
  });
});
