// The demonstration's agency service in a real browser (issue 20): an ordinary OpenID Connect
// client of Mandat, on its own address. A person of one organization goes from « Se connecter
// avec Mandat » to the page of what Mandat said of her, and signs out of both; the accounting
// firm's clerk chooses whom he acts for (his firm, or the client organization that entrusted
// it a procuration, P6) and sees the tasks each allows. Each page is checked with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startMandat, launchBrowser, newPage, assertAccessible as accessible, passSignIn,
} from './harness.mjs';

let mandat;
let browser;

before(async () => {
  mandat = await startMandat(['--demo']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await mandat?.stop();
});

const SERVICE = 'Services en ligne des intervenants externes';

/** From the service's home to Mandat's sign-in page, through « Se connecter avec Mandat ». */
async function toMandat(page) {
  await page.goto(mandat.service);
  await page.getByRole('heading', { level: 1, name: SERVICE }).waitFor();
  await accessible(page);
  await page.getByRole('link', { name: 'Se connecter avec Mandat' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${mandat.url}/connexion`));
}

test('a person of one organization signs in to the service through Mandat, then out of both', async () => {
  assert.ok(mandat.service, 'Mandat prints the demonstration service\'s address');
  const page = await newPage(browser);
  await toMandat(page);
  await passSignIn(mandat, page, 'usr700', 'genevieve.caron@cfl.exemple.qc.ca');

  // One organization: not asked; back at the service, which shows what Mandat said.
  await page.getByRole('heading', { level: 2, name: 'Vous agissez pour' }).waitFor();
  assert.ok(page.url().startsWith(mandat.service), page.url());
  assert.match(await page.locator('main').innerText(), /Geneviève Caron \(genevieve\.caron@cfl\.exemple\.qc\.ca\)/);
  assert.match(await page.locator('#acting-for').innerText(), /Centre de formation des Laurentides \(NEQ 1160000001\)/);
  const tasks = await page.getByRole('table', { name: 'Ce que vous pouvez faire dans ce service' }).innerText();
  for (const task of ['Rechercher des individus', 'Consulter la liste des contrats/ententes', 'Extraire des données']) {
    assert.ok(tasks.includes(task), `${task} in ${tasks}`);
  }
  const received = JSON.parse(await page.locator('#received').innerText());
  assert.equal(received.mandat.organization.neq, '1160000001');
  assert.equal(received.mandat.service, 'SEL-IE');
  assert.equal(received.sub.length, 64, 'a pairwise subject');
  await accessible(page);

  // In English, as the service's own switch asks.
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('table', { name: 'What you may do in this service' }).waitFor();
  await accessible(page);
  await page.getByRole('link', { name: 'Français' }).click();

  // Out of the service, and of Mandat at the service's request (RP-initiated logout).
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('heading', { level: 1, name: /^Vous déconnecter de Mandat/ }).waitFor();
  await accessible(page);
  await page.getByRole('button', { name: 'Me déconnecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vous êtes déconnecté' }).waitFor();
  assert.ok(page.url().startsWith(`${mandat.service}/au-revoir`), page.url());
  await accessible(page);
  await page.goto(`${mandat.url}/menu`);
  assert.match(page.url(), /\/connexion$/, 'signed out of Mandat');
  await page.goto(mandat.service);
  await page.getByRole('link', { name: 'Se connecter avec Mandat' }).waitFor();
});

test("the firm's clerk chooses whom he acts for: the client organization, then his firm (P6)", async () => {
  const page = await newPage(browser);
  await toMandat(page);
  await passSignIn(mandat, page, 'usr800', 'olivier.nadeau@bca.exemple.qc.ca');

  await page.getByRole('heading', { level: 1, name: /^Pour quel organisme agissez-vous/ }).waitFor();
  await accessible(page);
  const centre = page.getByRole('button', { name: 'Centre de formation des Laurentides (NEQ 1160000001)' });
  const firm = page.getByRole('button', { name: 'Bélanger Comptables associés inc. (NEQ 1170000002)' });
  await firm.waitFor();
  await centre.click();

  await page.getByRole('heading', { level: 2, name: 'Vous agissez pour' }).waitFor();
  assert.match(await page.locator('#acting-for').innerText(), /Centre de formation des Laurentides \(NEQ 1160000001\)/);
  let tasks = await page.getByRole('table', { name: 'Ce que vous pouvez faire dans ce service' }).innerText();
  assert.match(tasks, /Rechercher des individus/);
  assert.match(tasks, /Consulter la liste des contrats\/ententes/);
  assert.doesNotMatch(tasks, /Extraire des données/, 'only what the firm granted him within the mandate');
  await accessible(page);

  // Still signed in at Mandat: asked again, without signing in again.
  await page.getByRole('link', { name: 'Agir pour une autre organisation' }).click();
  await page.getByRole('heading', { level: 1, name: /^Pour quel organisme agissez-vous/ }).waitFor();
  await firm.click();
  await page.getByRole('heading', { level: 2, name: 'Vous agissez pour' }).waitFor();
  assert.match(await page.locator('#acting-for').innerText(), /Bélanger Comptables associés inc\. \(NEQ 1170000002\)/);
  tasks = await page.getByRole('table', { name: 'Ce que vous pouvez faire dans ce service' }).innerText();
  assert.match(tasks, /Rechercher des individus/);
  assert.doesNotMatch(tasks, /Consulter la liste des contrats/);
  await accessible(page);
});

test('a person who declines to choose comes back to the service, which says Mandat refused', async () => {
  const page = await newPage(browser);
  await toMandat(page);
  await passSignIn(mandat, page, 'usr800', 'olivier.nadeau@bca.exemple.qc.ca', 2);
  await page.getByRole('button', { name: 'Ne pas me connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connexion refusée' }).waitFor();
  assert.match(await page.locator('main').innerText(), /access_denied/);
  await accessible(page);
});
