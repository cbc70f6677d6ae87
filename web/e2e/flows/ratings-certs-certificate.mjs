import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, shot } from '../fixtures.mjs';
import { rcAxe, rcLearner } from '../helpers/ratings-certs.mjs';

// A curriculum of one two-lesson track, served by a server of this flow's own.
const tinyLesson = (id, slug, title, text) =>
  `---\nid: ${id}\nslug: ${slug}\ntitle: ${title}\ntype: lesson\ndifficulty: beginner\ncategory: python\ntags: [basics]\nestimatedMinutes: 2\nprerequisites: []\n---\n\n${text}\n`;

function tinyCurriculum() {
  const tinyDir = mkdtempSync(join(tmpdir(), 'codestead-e2e-tiny-'));
  mkdirSync(join(tinyDir, 'tiny', 'lessons'), { recursive: true });
  writeFileSync(
    join(tinyDir, 'tiny', 'track.toml'),
    'slug = "tiny"\ntitle = "Tiny track"\nlanguage = "python"\ndescription = "Two short lessons."\n\n[[modules]]\nslug = "tiny-all"\ntitle = "All of it"\nitems = ["tiny-hello", "tiny-goodbye"]\n',
  );
  writeFileSync(
    join(tinyDir, 'tiny', 'lessons', 'tiny-hello.md'),
    tinyLesson('3f7c2a10-5b8e-4d1a-9c6f-1e2d3c4b5a60', 'tiny-hello', 'Saying hello', 'A program starts at its first line.'),
  );
  writeFileSync(
    join(tinyDir, 'tiny', 'lessons', 'tiny-goodbye.md'),
    tinyLesson('8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'tiny-goodbye', 'Saying goodbye', 'A program ends after its last line.'),
  );
  return tinyDir;
}

export const title = 'a learner finishes a track, gets the certificate, and anyone can verify it without a login';

export default async function flow(t) {
  const tinyDir = tinyCurriculum();
  try {
    await certificateFlow(t, tinyDir);
  } finally {
    rmSync(tinyDir, { recursive: true, force: true });
  }
}

async function certificateFlow(t, tinyDir) {
  const tiny = await t.ownServer({ name: 'server-tiny', env: { RUST_LOG: 'warn', CODESTEAD_CONTENT_DIR: tinyDir } });
  let certificateUrl;
  const ctx = await t.newContext({ baseURL: tiny.base });
  try {
    const token = await rcLearner(t, ctx, 'Grace');
    const page = await ctx.newPage();
    const complete = async (slug) => {
      const item = await (await ctx.request.get(`/api/v1/content/${slug}`)).json();
      const done = await ctx.request.post(`/api/v1/progress/${item.id}/complete`, { headers: { authorization: `Bearer ${token}` } });
      assert(done.ok(), `completing ${slug} answered ${done.status()}`);
    };
    await complete('tiny-hello');
    await page.goto('/learn/tracks/tiny');
    await page.getByText('1 of 2 done').waitFor();
    assert(
      (await page.getByRole('button', { name: 'Get your certificate' }).count()) === 0,
      'a certificate is offered for an unfinished track',
    );
    // The last lesson is finished in the page, as a learner would.
    await page.goto('/learn/tiny-goodbye');
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await page.getByText('You completed this lesson.').waitFor();
    await page.goto('/learn/tracks/tiny');
    await page.getByText('2 of 2 done').waitFor();
    const [claimed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/me/certificates') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Get your certificate' }).click(),
    ]);
    assert(claimed.status() === 201, `claiming answered ${claimed.status()}: ${await claimed.text()}`);
    await page.waitForURL('**/certificates/*');
    await page.getByTestId('certificate-name').filter({ hasText: 'Grace Tester' }).waitFor();
    certificateUrl = new URL(page.url()).pathname;
    // The dashboard now links to it instead of offering it again.
    await page.goto('/dashboard');
    const view = page.getByTestId('certificates-panel').getByRole('link', { name: 'View your Tiny track certificate' });
    await view.waitFor();
    assert((await view.getAttribute('href')) === certificateUrl, `the dashboard links to ${await view.getAttribute('href')}`);
  } finally {
    await ctx.close();
  }

  // A fresh browser context: no cookies, no login.
  const visitor = await t.newContext({ baseURL: tiny.base });
  try {
    const page = await visitor.newPage();
    await page.goto(certificateUrl);
    const cert = page.getByTestId('certificate');
    await cert.getByRole('heading', { level: 1, name: 'Certificate of completion' }).waitFor();
    assert((await cert.getByTestId('certificate-name').innerText()) === 'Grace Tester', 'the name on the certificate');
    assert((await cert.getByTestId('certificate-track').innerText()) === 'Tiny track', 'the track on the certificate');
    await page.getByText('Verified: this certificate is valid.').waitFor();
    await shot(page, 'certificate public');
    // Printed: the certificate alone, without the app's header and the Print button.
    await page.emulateMedia({ media: 'print' });
    assert(!(await page.getByRole('banner').isVisible()), 'the header is printed');
    assert(!(await page.getByRole('button', { name: 'Print' }).isVisible()), 'the Print button is printed');
    assert(await cert.isVisible(), 'the certificate is not printed');
    await page.emulateMedia({ media: 'screen' });
    // A forged code is refused.
    await page.goto(`/certificates/${'A'.repeat(43)}`);
    await page.getByText('No certificate has this code').waitFor();
    const problems = [];
    await rcAxe(visitor, page, [[certificateUrl, (p) => p.getByTestId('certificate-name').waitFor()]], problems);
    assert(problems.length === 0, problems.join('\n'));
  } finally {
    await visitor.close();
  }
  assert(t.offSite.length === 0, `requests left the server: ${[...new Set(t.offSite)].join(', ')}`);
}
