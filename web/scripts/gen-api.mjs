// Regenerates src/lib/api/schema.d.ts from a running server: `npm run gen:api`
// (CODESTEAD_URL, default http://127.0.0.1:8080).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchema } from './openapi.mjs';

const base = process.env.CODESTEAD_URL ?? 'http://127.0.0.1:8080';
const res = await fetch(`${base}/api/v1/openapi.json`);
if (!res.ok) {
  console.error(`GET ${base}/api/v1/openapi.json → ${res.status}`);
  process.exit(1);
}
const out = join(dirname(fileURLToPath(import.meta.url)), '../src/lib/api/schema.d.ts');
writeFileSync(out, await generateSchema(await res.json()));
console.log(`wrote ${out}`);
