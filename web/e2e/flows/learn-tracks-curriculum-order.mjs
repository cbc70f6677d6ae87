// Issue 19 item 8: tracks are listed in the curriculum's own order (`order` in each
// `track.toml`: Python, the usual first language, first), not alphabetically.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { assert, repoRoot, shot } from '../fixtures.mjs';

export const title = "the tracks are listed in the curriculum's order, Python first, not alphabetically";

/** The built-in tracks' titles in the authors' order (`order`, then slug for tracks without one). */
function curriculumOrder() {
  const root = join(repoRoot, 'content');
  const tracks = readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'track.toml')))
    .map((d) => {
      const toml = readFileSync(join(root, d, 'track.toml'), 'utf8').split(/^\[\[/m)[0];
      const field = (name) => toml.match(new RegExp(`^${name}\\s*=\\s*(.+)$`, 'm'))?.[1].trim();
      return { slug: JSON.parse(field('slug')), title: JSON.parse(field('title')), order: Number(field('order') ?? Infinity) };
    });
  tracks.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  return tracks.map((t) => t.title);
}

export default async function flow(t) {
  const wanted = curriculumOrder();
  assert(wanted[0] === 'Python', `the curriculum does not start with Python: ${wanted.join(', ')}`);
  const alphabetical = [...wanted].sort((a, b) => a.localeCompare(b));
  assert(wanted.join() !== alphabetical.join(), 'the curriculum order is the alphabet: this flow would not tell them apart');

  const { page, who } = await t.learnerPage();
  await page.goto('/learn');
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const cards = page.locator('main h2 a[href^="/learn/tracks/"]');
  await cards.first().waitFor();
  const shown = (await cards.allInnerTexts()).map((s) => s.trim());
  assert(
    shown.join(' | ') === wanted.join(' | '),
    `the catalogue lists ${shown.join(', ')}; the curriculum's order is ${wanted.join(', ')}`,
  );

  // The API gives the same order to every other client.
  const api = await t.api(who.token, 'GET', '/tracks');
  assert(api.status === 200, `GET /tracks answered ${api.status}`);
  const listed = (Array.isArray(api.body) ? api.body : (api.body.items ?? [])).map((tr) => tr.title);
  assert(listed.join(' | ') === wanted.join(' | '), `GET /tracks lists ${listed.join(', ')}`);
  await shot(page, 'tracks in curriculum order');
}
