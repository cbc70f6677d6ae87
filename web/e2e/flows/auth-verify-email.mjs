import { mailedLink } from '../fixtures.mjs';

export const title = 'the link in the verification e-mail verifies the address';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, email, ensureLoggedIn } = s;
  await ensureLoggedIn();
  const link = await mailedLink(t.dataDir, email, '/verify-email');
  await page.goto(link);
  await page.getByText('Your e-mail address is verified').waitFor();
  await page.goto('/settings');
  await page.getByText('(verified)').waitFor();
}
