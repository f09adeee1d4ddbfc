// The home page in a real browser: French by default, English one click away and back,
// the skip link, and no WCAG 2.1 AA violation in either language.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMandat, launchBrowser, newPage, accessibilityViolations } from './harness.mjs';

let mandat;
let browser;

before(async () => {
  mandat = await startMandat();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await mandat?.stop();
});

test('the home page is in French, switches to English and back', async () => {
  const page = await newPage(browser);
  await page.goto(mandat.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.getByRole('heading', { level: 1, name: 'Gérer les accès de votre organisation aux services en ligne' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);

  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: "Manage your organization's access to online services" }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(new URL(page.url()).pathname, '/', 'the switch keeps the page');
  assert.deepEqual(await accessibilityViolations(page), []);

  await page.getByRole('link', { name: 'Français' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gérer les accès de votre organisation aux services en ligne' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
});

test('the language switch keeps a page other than home', async () => {
  const page = await newPage(browser);
  const response = await page.goto(`${mandat.url}/pas-ici`);
  assert.equal(response.status(), 404);
  await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/pas-ici');
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await page.getByRole('heading', { level: 1, name: "Manage your organization's access to online services" }).waitFor();
});

test('the skip link is the first stop of the keyboard and leads to the main content', async () => {
  const page = await newPage(browser);
  await page.goto(mandat.url);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(focused, 'Passer au contenu principal');
  await page.keyboard.press('Enter');
  // Following a fragment link settles after the key press: wait for it, then check.
  await page.waitForURL((url) => url.hash === '#contenu', { timeout: 5000 });
  assert.equal(new URL(page.url()).hash, '#contenu');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'contenu');
  await page.getByRole('main').waitFor();
  await page.getByRole('contentinfo').waitFor();
});

// ASVS 5.1.5 (issue 19): Chromium drops a tab from a URL, so a switch that returned to
// `/<TAB>/example.com` as given would land on another site. It must stay on Mandat's origin.
test('the language switch never leads the browser off the site', async () => {
  const page = await newPage(browser);
  const origin = new URL(mandat.url).origin;
  for (const next of ['/%09/example.com', '/%09%5Cexample.com', '/%5C%5Cexample.com']) {
    await page.goto(`${mandat.url}/lang/en?next=${next}`);
    assert.equal(new URL(page.url()).origin, origin, next);
    await page.getByRole('heading', { level: 1, name: "Manage your organization's access to online services" }).waitFor();
  }
});
