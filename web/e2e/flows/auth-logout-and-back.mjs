export const title = 'logging out sends the next protected page to login and back';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, email, password, ensureLoggedIn } = s;
  await ensureLoggedIn();
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  await page.goto('/playground');
  await page.waitForURL('**/login?next=%2Fplayground');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/playground');
}
