// External procurations in a real browser (issue 8, P6): the training establishment's officer
// entrusts a procuration to the accounting firm, found by its NEQ; the firm's officer accepts
// it, makes one within it with restricted tasks and assigns it to a clerk; the establishment's
// officer sees the clerk among those who hold rights derived from it. Each side is emailed at
// each step; each page is checked with axe-core, and the firm's pages in English too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startMandat, launchBrowser, newPage, assertAccessible as accessible, signInByEmail, waitForMail,
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

const CHANTAL = 'chantal.gagne@cfl.exemple.qc.ca';
const KARIM = 'karim.haddad@bca.exemple.qc.ca';
const EMILIE = 'emilie.fortin@bca.exemple.qc.ca';
const day = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

test('an accounting firm accepts a procuration and assigns it, within it, to its clerk', async () => {
  const centre = await newPage(browser);
  await signInByEmail(mandat, centre, 'rsp100', CHANTAL);
  await centre.getByRole('link', { name: 'Gestion des procurations' }).click();
  await centre.getByRole('link', { name: 'Ajouter' }).click();
  await centre.getByRole('link', { name: 'Externe' }).click();
  await centre.getByRole('heading', { level: 1, name: 'Nouvelle procuration externe' }).waitFor();
  await accessible(centre);
  await centre.getByLabel('Nom de la procuration').fill('Tenue de livres');
  await centre.getByLabel("NEQ de l'organisation mandataire").fill('1160000001');
  await centre.getByLabel('Date de fin').fill(day(120));
  await centre.getByLabel(/^Accès sans restriction/).check();
  await centre.getByRole('button', { name: 'Continuer' }).click();
  await centre.getByRole('alert').waitFor();
  assert.match(await centre.getByRole('alert').innerText(), /Ce NEQ est celui de votre organisation/);
  await accessible(centre);
  await centre.getByLabel("NEQ de l'organisation mandataire").fill('1170000002');
  await centre.getByRole('button', { name: 'Continuer' }).click();
  await centre.getByRole('heading', { level: 2, name: 'Résumé de la procuration' }).waitFor();
  assert.match(await centre.locator('dl').innerText(), /Bélanger Comptables associés inc\. \(NEQ 1170000002\)/);
  await centre.getByRole('button', { name: 'Transmettre' }).click();
  await centre.getByText('La procuration est transmise').waitFor();
  assert.match(await centre.locator('dl').innerText(), /En attente de réponse/);
  await accessible(centre);
  await waitForMail(mandat.dataDir, KARIM, 'confie à votre organisation la procuration « Tenue de livres »');

  const firm = await newPage(browser);
  await signInByEmail(mandat, firm, 'rsp300', KARIM);
  await firm.getByRole('link', { name: 'Gestion des procurations' }).click();
  await firm.getByRole('heading', { level: 2, name: "Procurations reçues d'autres organisations" }).waitFor();
  await accessible(firm);
  await firm.getByRole('link', { name: 'Tenue de livres' }).click();
  await firm.getByRole('heading', { level: 1, name: 'Procuration reçue : Tenue de livres' }).waitFor();
  await accessible(firm);
  await firm.getByRole('button', { name: 'Accepter' }).click();
  await firm.getByText('La procuration est acceptée').waitFor();
  await waitForMail(mandat.dataDir, CHANTAL, 'a accepté la procuration « Tenue de livres »');

  await firm.getByRole('link', { name: 'Créer une procuration dans ses limites' }).click();
  await firm.getByRole('heading', { level: 1, name: 'Nouvelle procuration pour le compte du mandant' }).waitFor();
  await accessible(firm);
  await firm.getByLabel('Nom de la procuration').fill('Comptes du Centre');
  await firm.getByLabel('Date de fin').fill(day(200));
  await firm.getByLabel(/^Accès avec restriction/).check();
  await firm.getByLabel(/Rechercher des individus/).check();
  await firm.getByRole('button', { name: 'Continuer' }).click();
  await firm.getByRole('alert').waitFor();
  assert.match(await firm.getByRole('alert').innerText(), /dépasse celle de la procuration que le mandant vous a confiée/);
  await firm.getByLabel('Date de fin').fill(day(60));
  await firm.getByRole('button', { name: 'Continuer' }).click();
  await firm.getByRole('heading', { level: 2, name: 'Résumé de la procuration' }).waitFor();
  assert.match(await firm.locator('dl').innerText(), /Mandant\s+Centre de formation des Laurentides/);
  await accessible(firm);
  await firm.getByRole('button', { name: 'Transmettre' }).click();
  await firm.getByText('La procuration est créée.').waitFor();
  assert.match(await firm.locator('dl').innerText(), /Pour le compte de Centre de formation des Laurentides/);
  await accessible(firm);

  await firm.getByRole('link', { name: 'Assigner' }).click();
  await firm.getByLabel(/^Émilie Fortin/).check();
  await firm.getByRole('button', { name: 'Continuer' }).click();
  await firm.getByRole('heading', { level: 2, name: /^Résumé des accès/ }).waitFor();
  await firm.getByRole('button', { name: 'Transmettre' }).click();
  await firm.getByText('La procuration est assignée').waitFor();
  await waitForMail(mandat.dataDir, EMILIE, 'pour agir au nom de Centre de formation des Laurentides');

  await centre.reload();
  const derived = centre.getByRole('table', { name: /^Employés de l'organisation mandataire/ });
  assert.match(await derived.innerText(), /Émilie Fortin\s+Comptes du Centre/);
  assert.match(await centre.locator('dl').innerText(), /En vigueur/);
  await accessible(centre);

  await firm.getByRole('link', { name: 'English' }).click();
  await firm.goto(`${mandat.url}/administration/procurations`);
  await firm.getByRole('heading', { level: 2, name: 'Procurations received from other organizations' }).waitFor();
  await firm.getByRole('link', { name: 'Tenue de livres' }).click();
  await firm.getByRole('heading', { level: 1, name: /^Received procuration\s*: Tenue de livres/ }).waitFor();
  await firm.getByRole('button', { name: 'End the procuration' }).waitFor();
  await accessible(firm);
});
