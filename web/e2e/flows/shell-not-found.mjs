export const title = 'an unknown address shows the 404 page';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page } = s;
  await page.goto('/no/such/page');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
}
