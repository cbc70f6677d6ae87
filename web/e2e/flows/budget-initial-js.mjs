import { assert, BUDGET_JS_KB, initialJsBytes } from '../fixtures.mjs';

export const title = `initial JavaScript is at most ${BUDGET_JS_KB} KB gzipped`;

export default async function flow(t) {
  const js = await initialJsBytes(t.base);
  t.budget(
    `budget: initial JS ${(js.gz / 1024).toFixed(1)} KB gzipped (${(js.raw / 1024).toFixed(1)} KB raw, ${js.files.length} file(s) as served; limit ${BUDGET_JS_KB} KB)`,
  );
  assert(js.files.length > 0, 'the page at /login loads no script');
  assert(js.gz <= BUDGET_JS_KB * 1024, `initial JS is ${(js.gz / 1024).toFixed(1)} KB gzipped`);
}
