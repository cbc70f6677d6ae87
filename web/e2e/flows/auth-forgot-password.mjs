import { shot, mailedLink } from '../fixtures.mjs';

export const title = 'forgot password → link from the e-mail → log in with the new password';

export default async function flow(t) {
  const s = await t.learnerPage();
  const { page, email } = s;
  const newPassword = 'another-Long-passphrase-77';
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByText('we sent it a link').waitFor();
  const link = await mailedLink(t.dataDir, email, '/reset-password');
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Repeat the new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.getByText('Your password is changed').waitFor();
  s.who.password = newPassword;
  await shot(page, 'password reset');
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/dashboard');
}
