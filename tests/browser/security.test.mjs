// Security administration in a real browser, by what each person sees (issue 6): an officer
// finds a colleague in the organization's security file, deactivates the code and asks
// central to reactivate it; the transaction log shows it; central finds the request in its
// queue and reactivates; the file reads in English too. Each page is checked with axe-core.

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

test('an officer deactivates a colleague, asks central to reactivate, and central does', async () => {
  const officer = await newPage(browser);
  await signInByEmail(mandat, officer, 'rsp100', 'chantal.gagne@cfl.exemple.qc.ca');
  await officer.getByRole('link', { name: "Dossier de sécurité de l'organisme" }).click();
  await officer.getByRole('heading', { level: 1, name: "Dossier de sécurité de l'organisme" }).waitFor();
  await accessible(officer);
  await officer.getByLabel("Nom ou code d'utilisateur").fill('lavoie');
  await officer.getByRole('button', { name: 'Filtrer' }).click();
  await officer.getByText('1 personne · page 1 de 1').waitFor();
  const row = officer.getByRole('row', { name: /Lavoie/ });
  assert.match(await row.innerText(), /aux200\s+Lavoie\s+Martin\s+Actif\s+Responsable sécurité\s/);

  await officer.getByRole('link', { name: 'Détail : Martin Lavoie' }).click();
  await officer.getByRole('heading', { level: 1, name: "Dossier de sécurité d'un code d'utilisateur" }).waitFor();
  await accessible(officer);
  await officer.getByRole('button', { name: "Désactiver le code d'utilisateur" }).click();
  await officer.getByRole('alert').waitFor();
  assert.match(await officer.getByRole('alert').innerText(), /Raison de désactivation/);
  await officer.getByLabel('Raison de désactivation', { exact: true }).selectOption({ label: 'Absence prolongée' });
  await officer.getByRole('button', { name: "Désactiver le code d'utilisateur" }).click();
  await officer.getByText("Le code d'utilisateur est désactivé.").waitFor();
  await officer.getByText('Vous ne pouvez rien modifier dans ce dossier de sécurité.').waitFor();
  await officer.getByLabel('Raison de la réactivation').fill('Retour anticipé au bureau');
  await officer.getByRole('button', { name: 'Demander la réactivation au Groupe central de la sécurité' }).click();
  await officer.getByText('La demande de réactivation est transmise au Groupe central de la sécurité.').waitFor();
  await accessible(officer);

  await officer.goto(`${mandat.url}/menu`);
  await officer.getByRole('link', { name: 'Journal des transactions' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Journal des transactions' }).waitFor();
  await accessible(officer);
  await officer.getByLabel('Personne (nom ou code d\'utilisateur)').fill('Martin');
  await officer.getByLabel('Action').selectOption({ label: 'Désactivation' });
  await officer.getByRole('button', { name: 'Filtrer' }).click();
  const entry = officer.getByRole('row', { name: /Désactivation/ });
  assert.match(await entry.innerText(), /Chantal Gagné\s+Désactivation\s+Martin Lavoie\s+Absence prolongée/);

  const central = await newPage(browser);
  await signInByEmail(mandat, central, 'gcs2026', 'central@mandat.localhost');
  await central.getByRole('link', { name: 'Réactivations demandées' }).click();
  await central.getByRole('heading', { level: 1, name: 'Réactivations demandées' }).waitFor();
  await accessible(central);
  await central.getByRole('link', { name: 'Martin Lavoie' }).click();
  await central.getByText('Demande de réactivation en traitement au Groupe central').waitFor();
  await accessible(central);
  await central.getByLabel('Raison de la réactivation').fill('Demande conforme');
  await central.getByRole('button', { name: "Réactiver le code d'utilisateur" }).click();
  await central.getByText("Le code d'utilisateur est réactivé.").waitFor();
  const history = central.getByRole('table', { name: 'Historique' });
  assert.match(await history.innerText(), /Un agent du Groupe central de la sécurité\s+Réactivation/);

  await central.goto(`${mandat.url}/menu`);
  await central.getByRole('link', { name: 'Organismes', exact: true }).click();
  await central.getByLabel('Seulement les organismes sans responsable de la sécurité actif').check();
  await central.getByRole('button', { name: 'Filtrer' }).click();
  await central.getByRole('heading', { level: 1, name: 'Organismes' }).waitFor();
  await accessible(central);
});

test("the organization's security file reads in English", async () => {
  const officer = await newPage(browser);
  // The second sign-in of the principal officer (Martin's code now holds a temporary password).
  await signInByEmail(mandat, officer, 'rsp100', 'chantal.gagne@cfl.exemple.qc.ca', 2);
  await officer.goto(`${mandat.url}/administration/securite`);
  await officer.getByRole('link', { name: 'English' }).click();
  await officer.getByRole('heading', { level: 1, name: "Organization's security file" }).waitFor();
  await officer.getByRole('columnheader', { name: 'Last name' }).waitFor();
  await officer.getByRole('link', { name: 'Details: Martin Lavoie' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Security file of a user code' }).waitFor();
  await officer.getByRole('heading', { name: 'History' }).waitFor();
  await accessible(officer);
});

test("central reads the whole journal by organization and exports it; its pages read in English", async () => {
  const central = await newPage(browser);
  await signInByEmail(mandat, central, 'gcs2026', 'central@mandat.localhost', 2);
  await central.getByRole('link', { name: 'Journal des transactions' }).click();
  await central.getByRole('heading', { level: 1, name: 'Journal des transactions' }).waitFor();
  await central.getByText('Chaque transaction consignée dans Mandat').waitFor();
  await accessible(central);
  await central.getByLabel('NEQ').fill('1160000001');
  await central.getByLabel('Action').selectOption({ label: 'Réactivation' });
  await central.getByRole('button', { name: 'Filtrer' }).click();
  const entry = central.getByRole('row', { name: /Réactivation/ });
  assert.match(await entry.innerText(), /Agente de démonstration\s+Réactivation\s+Martin Lavoie\s+Centre de formation des Laurentides/);
  const csv = await central.getByRole('link', { name: 'Exporter (CSV)' }).getAttribute('href');
  const exported = await central.request.get(`${mandat.url}${csv}`);
  assert.equal(exported.status(), 200);
  assert.match(await exported.text(), /Réactivation,Martin Lavoie,Centre de formation des Laurentides/);

  await central.getByRole('link', { name: 'English' }).click();
  await central.getByRole('heading', { level: 1, name: 'Transaction log' }).waitFor();
  await accessible(central);
  for (const [path, heading] of [
    ['/central/reactivations', 'Requested reactivations'],
    ['/central/organismes', 'Organizations'],
  ]) {
    await central.goto(`${mandat.url}${path}`);
    await central.getByRole('heading', { level: 1, name: heading }).waitFor();
    await accessible(central);
  }
});
