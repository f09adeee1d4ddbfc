// The officers' API and the agencies' revocation events in a real browser (issue 21): an
// officer makes a token at « Jetons d'API », sees it once, a script uses it, and the officer
// revokes it; the MESS's administrator sees the demonstration service registered as the
// receiver of its events, tests it and sees the delivery; the APIs' description reads as a
// page. Each page is checked with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startMandat, launchBrowser, newPage, assertAccessible as accessible, signInByEmail,
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

/** A day `days` from today, as a date field takes it. */
function inDays(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

async function people(token) {
  return fetch(`${mandat.url}/api/v1/people`, { headers: { authorization: `Bearer ${token}` } });
}

test('an officer makes an API token, a script uses it, and the officer revokes it', async () => {
  const page = await newPage(browser);
  await signInByEmail(mandat, page, 'rsp300', 'karim.haddad@bca.exemple.qc.ca');
  await page.getByRole('link', { name: "Jetons d'API" }).click();
  await page.getByRole('heading', { level: 1, name: "Jetons d'API" }).waitFor();
  await accessible(page);

  // More than a year: refused, the field named.
  await page.getByLabel('Nom du jeton').fill('Synchronisation avec la paie');
  await page.getByLabel('Portée').selectOption('write');
  await page.getByLabel('Dernier jour de validité').fill(inDays(400));
  await page.getByRole('button', { name: 'Créer le jeton' }).click();
  await page.getByText("d'au plus un an").first().waitFor();
  await accessible(page);
  await page.getByLabel('Dernier jour de validité').fill(inDays(180));
  await page.getByRole('button', { name: 'Créer le jeton' }).click();
  const token = await page.locator('#new-token').innerText();
  assert.match(token, /^mandat_/);
  await accessible(page);

  const res = await people(token);
  assert.equal(res.status, 200);
  const found = await res.json();
  assert.ok(found.people.some((p) => p.user_code === 'usr800'), 'the firm\'s clerk is listed');

  await page.goto(`${mandat.url}/administration/jetons`);
  assert.equal(await page.locator('#new-token').count(), 0, 'shown once only');
  await page.getByRole('button', { name: 'Révoquer « Synchronisation avec la paie »' }).click();
  await page.getByText('Le jeton est révoqué').waitFor();
  assert.equal((await people(token)).status, 401);
  await accessible(page);
});

test("the agency's administrator sees its receiver, tests it and sees the delivery", async () => {
  const page = await newPage(browser);
  await signInByEmail(mandat, page, 'mess100', 'nadia.pelletier@mess.localhost');
  await page.getByRole('link', { name: 'Événements de révocation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Événements de révocation' }).waitFor();
  const receivers = page.getByRole('table', { name: 'Récepteurs' });
  assert.match(await receivers.innerText(), new RegExp(`${mandat.service}/evenements`));
  await accessible(page);
  await page.getByRole('button', { name: 'Envoyer un essai' }).click();
  await page.getByText("Un événement d'essai").waitFor();
  const deliveries = page.getByRole('table', { name: 'Les 50 derniers événements, par récepteur' });
  for (let tries = 0; tries < 40 && !/Livré/.test(await deliveries.innerText()); tries += 1) {
    await page.waitForTimeout(250);
    await page.reload();
  }
  assert.match(await deliveries.innerText(), /Essai du récepteur\.[\s\S]*Livré/);
  await accessible(page);
});

test("the APIs' description reads as a page", async () => {
  const page = await newPage(browser);
  await page.goto(`${mandat.url}/api`);
  await page.getByRole('heading', { level: 1, name: "L'API de Mandat" }).waitFor();
  assert.match(await page.locator('main').innerText(), /POST \/access\/v1\/evaluation/);
  await accessible(page);
  const doc = await (await fetch(`${mandat.url}/api/openapi.json`)).json();
  assert.equal(doc.openapi, '3.1.0');
});
