import { writeFileSync } from 'node:fs';
import { OPENAPI_DOC_PATH, openApiDocument, renderOpenApi } from './openapi-document';

// npm run docs:api: rewrites docs/openapi.json from the routes' schemas (tests/unit/architecture/openapi-doc.test.ts
// fails while the checked-in copy differs).
writeFileSync(OPENAPI_DOC_PATH, renderOpenApi(await openApiDocument()));
console.log(`wrote ${OPENAPI_DOC_PATH}`);
