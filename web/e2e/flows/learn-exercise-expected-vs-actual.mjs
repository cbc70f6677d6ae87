// Issue 19 item 3: a failed *visible* test shows the expected output beside the learner's; a
// hidden test shows neither, nor its input. The built-in exercises keep every test hidden, so
// this flow serves a copy of the curriculum whose python-ex-greeting has its first test marked
// `visible = true` (as the API test `a_failed_visible_test_shows_expected_and_actual…` does).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, repoRoot, shot, typeIntoEditor } from '../fixtures.mjs';

export const title = 'a failed visible test shows expected and actual output side by side; a hidden test shows neither';

const TESTS = 'python/exercises/python-ex-greeting/tests.toml';

/** The tests of python-ex-greeting as `{ stdin, expected }`, in file order (TOML basic strings). */
function greetingTests(text) {
  const unquote = (s) => JSON.parse(s);
  return text
    .split(/^\[\[test\]\]$/m)
    .slice(1)
    .map((block) => ({
      stdin: unquote(block.match(/^stdin = (".*")$/m)[1]),
      expected: unquote(block.match(/^expected = (".*")$/m)[1]),
    }));
}

function contentWithFirstTestVisible() {
  const dir = mkdtempSync(join(tmpdir(), 'codestead-e2e-visible-'));
  cpSync(join(repoRoot, 'content'), dir, { recursive: true });
  const file = join(dir, TESTS);
  const text = readFileSync(file, 'utf8');
  const marked = text.replace(/^(expected = .*)$/m, '$1\nvisible = true');
  assert(marked !== text, 'the first test could not be marked visible');
  writeFileSync(file, marked);
  return { dir, tests: greetingTests(text) };
}

export default async function flow(t) {
  const { dir, tests } = contentWithFirstTestVisible();
  try {
    assert(tests.length >= 2, `python-ex-greeting has ${tests.length} tests; this flow needs a visible and a hidden one`);
    const own = await t.ownServer({ name: 'server-visible-test', env: { RUST_LOG: 'warn', CODESTEAD_CONTENT_DIR: dir } });
    const ctx = await t.newContext({ baseURL: own.base });
    await t.learner({ ctx, firstName: 'Vera' });
    const page = await ctx.newPage();
    await page.goto('/learn/python-ex-greeting');
    await page.locator('.monaco-editor .view-lines').waitFor();
    // Wrong greeting: every test fails, and the output differs from the expected one.
    await typeIntoEditor(page, "name = input()\nprint('Hi, ' + name.strip())");
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/exercises/python-ex-greeting/submissions') && r.request().method() === 'POST'),
      page.getByRole('button', { name: /^Check/ }).click(),
    ]);
    assert(res.ok(), `POST /submissions answered ${res.status()}`);
    const rows = page.getByTestId('test-result');
    await rows.first().waitFor();
    assert((await rows.count()) === tests.length, `${await rows.count()} test rows for ${tests.length} tests`);
    for (let i = 0; i < tests.length; i++)
      assert((await rows.nth(i).getAttribute('data-passed')) === 'false', `test ${i + 1} did not fail on a wrong greeting`);

    // The visible test: expected and actual, side by side at this width.
    const visible = rows.nth(0);
    const expected = visible.getByTestId('expected-output');
    const actual = visible.getByTestId('actual-output');
    const wanted = tests[0].expected.trim();
    const got = `Hi, ${tests[0].stdin.trim()}`;
    assert(
      (await expected.innerText()).trim() === wanted,
      `expected output reads ${JSON.stringify(await expected.innerText())}, not ${wanted}`,
    );
    assert((await actual.innerText()).trim() === got, `actual output reads ${JSON.stringify(await actual.innerText())}, not ${got}`);
    await visible.getByRole('heading', { name: 'Expected output' }).waitFor();
    await visible.getByRole('heading', { name: 'Your output' }).waitFor();
    const [e, a] = [await expected.boundingBox(), await actual.boundingBox()];
    assert(
      e && a && Math.abs(e.y - a.y) < 2 && a.x >= e.x + e.width,
      `expected and actual are not side by side: ${JSON.stringify({ e, a })}`,
    );

    // The hidden tests: no diff, and neither their input nor their expected output anywhere.
    for (let i = 1; i < tests.length; i++) {
      const row = rows.nth(i);
      assert((await row.getByTestId('output-diff').count()) === 0, `hidden test ${i + 1} shows an output diff`);
      const text = await row.innerText();
      assert(!text.includes('Expected output') && !text.includes('Your output'), `hidden test ${i + 1} shows outputs: ${text}`);
    }
    const results = await page.getByTestId('test-results').innerText();
    for (const hidden of tests.slice(1)) {
      for (const secret of [hidden.stdin.trim(), hidden.expected.trim()])
        assert(!results.includes(secret), `the results show a hidden test's ${JSON.stringify(secret)}`);
    }
    await shot(page, 'exercise expected vs actual');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
