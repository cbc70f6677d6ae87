import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSchema } from '../../scripts/openapi.mjs';
import { ARTIFACTS, assert, webDir } from '../fixtures.mjs';

export const title = 'the committed API types match the server OpenAPI document';

export default async function flow(t) {
  const res = await fetch(`${t.base}/api/v1/openapi.json`);
  assert(res.ok, `GET /api/v1/openapi.json → ${res.status}`);
  const live = await generateSchema(await res.json());
  const committedPath = join(webDir, 'src/lib/api/schema.d.ts');
  const committed = existsSync(committedPath) ? readFileSync(committedPath, 'utf8') : '';
  if (live !== committed) {
    const tmp = join(ARTIFACTS, 'schema.live.d.ts');
    writeFileSync(tmp, live);
    throw new Error(
      `src/lib/api/schema.d.ts is out of date (live version written to ${tmp}); run \`npm run gen:api\` against a running server`,
    );
  }
}
