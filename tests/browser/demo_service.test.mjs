// The demonstration's agency service in a real browser (issue 20): an ordinary OpenID Connect
// client of Mandat, on its own address. A person of one organization goes from « Se connecter
// avec Mandat » to the page of what Mandat said of her, and signs out of both; the accounting
// firm's clerk chooses whom he acts for (his firm, or the client organization that entrusted
// it a procuration, P6) and sees what Mandat answers, task by task, each time the service asks
// it (AuthZEN, issue 21): once his firm's officer withdraws his right for the client, the
// service's next question is refused, and the service shows the revocation event Mandat
// pushed it. Each page is checked with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startMandat, launchBrowser, newPage, assertAccessible as accessible, passSignIn, signInByEmail,
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
  // Before each action it offers, the service asks Mandat (AuthZEN): all allowed here.
  const tasks = page.getByRole('table', { name: 'Les tâches de ce service' });
  for (const task of ['Rechercher des individus', 'Consulter la liste des contrats/ententes', 'Extraire des données']) {
    assert.match(await tasks.getByRole('row', { name: new RegExp(`^${task}`) }).innerText(), /Autorisé/, task);
  }
  const received = JSON.parse(await page.locator('#received').innerText());
  assert.equal(received.mandat.organization.neq, '1160000001');
  assert.equal(received.mandat.service, 'SEL-IE');
  assert.equal(received.sub.length, 64, 'a pairwise subject');
  await accessible(page);

  // In English, as the service's own switch asks.
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('table', { name: "This service's tasks" }).waitFor();
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

test('a person who declines to choose comes back to the service, which says Mandat refused', async () => {
  const page = await newPage(browser);
  await toMandat(page);
  await passSignIn(mandat, page, 'usr800', 'olivier.nadeau@bca.exemple.qc.ca');
  await page.getByRole('button', { name: 'Ne pas me connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connexion refusée' }).waitFor();
  assert.match(await page.locator('main').innerText(), /access_denied/);
  await accessible(page);
});

test("the firm's clerk chooses whom he acts for (P6), and the service asks Mandat at each page", async () => {
  const page = await newPage(browser);
  await toMandat(page);
  await passSignIn(mandat, page, 'usr800', 'olivier.nadeau@bca.exemple.qc.ca', 2);

  await page.getByRole('heading', { level: 1, name: /^Pour quel organisme agissez-vous/ }).waitFor();
  await accessible(page);
  await page.getByRole('button', { name: 'Bélanger Comptables associés inc. (NEQ 1170000002)' }).waitFor();
  await page.getByRole('button', { name: 'Centre de formation des Laurentides (NEQ 1160000001)' }).click();

  await page.getByRole('heading', { level: 2, name: 'Vous agissez pour' }).waitFor();
  assert.match(await page.locator('#acting-for').innerText(), /Centre de formation des Laurentides \(NEQ 1160000001\)/);
  const tasks = page.getByRole('table', { name: 'Les tâches de ce service' });
  const row = (task) => tasks.getByRole('row', { name: new RegExp(`^${task}`) }).innerText();
  assert.match(await row('Rechercher des individus'), /Autorisé/);
  assert.match(await row('Consulter la liste des contrats'), /Autorisé/);
  // Only what the firm granted him within the mandate: Mandat says why not.
  assert.match(await row('Extraire des données'), /ne comprend pas cette tâche/);
  assert.doesNotMatch(await row('Extraire des données'), /Autorisé/);
  await accessible(page);

  // The firm's officer withdraws the procuration made within the centre's: at its next
  // question, the service hears Mandat refuse, though the claim it got at sign-in said yes.
  const officer = await newPage(browser);
  await signInByEmail(mandat, officer, 'rsp300', 'karim.haddad@bca.exemple.qc.ca');
  await officer.getByRole('link', { name: 'Gestion des procurations' }).click();
  await officer.getByRole('link', { name: 'Dossiers du Centre' }).click();
  await officer.getByRole('button', { name: 'Retirer la procuration' }).click();
  await officer.getByText('Cette procuration est retirée').waitFor();
  await page.reload();
  assert.match(await row('Rechercher des individus'), /ne détient aucune procuration pour cette organisation/);
  assert.doesNotMatch(await row('Rechercher des individus'), /Autorisé/);
  // Mandat also told the service, within seconds, by a signed event it pushed (issue 21).
  const events = page.getByRole('list', { name: 'Avis reçus de Mandat' });
  for (let tries = 0; !(await events.isVisible()) && tries < 40; tries += 1) {
    await page.waitForTimeout(250);
    await page.reload();
  }
  assert.match(await events.innerText(), /L'organisation a retiré la procuration\./);
  await accessible(page);

  // Still signed in at Mandat, and now with one organization only: not asked, back at once.
  await page.getByRole('link', { name: 'Agir pour une autre organisation' }).click();
  await page.getByRole('heading', { level: 2, name: 'Vous agissez pour' }).waitFor();
  assert.match(await page.locator('#acting-for').innerText(), /Bélanger Comptables associés inc\. \(NEQ 1170000002\)/);
  assert.match(await row('Rechercher des individus'), /Autorisé/);
  assert.match(await row('Consulter la liste des contrats'), /ne comprend pas cette tâche/);
  await accessible(page);
});
