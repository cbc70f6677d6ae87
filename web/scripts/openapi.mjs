// Shared by `npm run gen:api` and the e2e drift check, so both produce byte-identical output.
import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = "// Generated from the server's /api/v1/openapi.json by `npm run gen:api`. Do not edit.\n\n";

export async function generateSchema(doc) {
  const ast = await openapiTS(doc, { alphabetize: true });
  return HEADER + astToString(ast);
}
