// Agencies in a real browser, by what each person sees (issue 7): central adds an agency and
// its first administrator, then changes its English name; a demonstration agency's
// administrator adds an online service with a task and records a billing contract with an
// organization, whose officer (an enterprise and individuals' files user) then finds the
// billing section in the menu beside the demonstration's training one; the agency adds a
// request state and reads its journal; its pages read in English.
// Each page is checked with axe-core.

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

test('central adds an agency with its first administrator', async () => {
  const central = await newPage(browser);
  await signInByEmail(mandat, central, 'gcs2026', 'central@mandat.localhost');
  await central.getByRole('link', { name: 'Ministères et organismes' }).click();
  await central.getByRole('heading', { level: 1, name: 'Ministères et organismes' }).waitFor();
  await accessible(central);
  const fill = async (label, value) => central.getByLabel(label, { exact: true }).fill(value);
  await fill("Code de l'organisme", 'RQ');
  await fill('Nom en français', 'Revenu Québec');
  await fill('Personne-ressource à joindre', 'Services aux entreprises');
  await fill('Téléphone de la personne-ressource', '418 659-6299');
  await fill('Courriel de la personne-ressource', 'entreprises@revenuquebec.exemple.ca');
  await fill('Heures de service (en français)', 'Du lundi au vendredi, de 8 h 30 à 16 h 30');
  await fill('Heures de service (en anglais)', 'Monday to Friday, 8:30 a.m. to 4:30 p.m.');
  await fill("Nom de l'agent", 'Julie Bernier');
  await fill('Adresse courriel', 'julie.bernier@revenuquebec.exemple.ca');
  await fill("Code d'utilisateur", 'rqadmin1');
  await central.getByRole('button', { name: 'Ajouter le ministère ou organisme' }).click();
  await central.getByRole('alert').waitFor();
  assert.match(await central.getByRole('alert').innerText(), /Nom en anglais/);
  await accessible(central);
  await fill('Nom en anglais', 'Revenu Québec');
  await central.getByRole('button', { name: 'Ajouter le ministère ou organisme' }).click();
  await central.getByText('Revenu Québec est ajouté.').waitFor();
  await central.locator('code.typed-key').waitFor();
  const row = central.getByRole('row', { name: /RQ/ });
  assert.match(await row.innerText(), /RQ[\s\S]*?\tRevenu Québec\s+Services aux entreprises, 418 659-6299\s+1/);

  await central.getByRole('link', { name: 'RQ : Changer les noms' }).click();
  await central.getByRole('heading', { level: 1, name: "Noms d'un ministère ou organisme : Revenu Québec" }).waitFor();
  await accessible(central);
  await central.getByLabel('Nom en anglais').fill('Revenue Québec');
  await central.getByRole('button', { name: 'Changer les noms' }).click();
  await central.getByText('Les noms sont changés.').waitFor();
  await accessible(central);
});

test("an agency keeps its catalog and contracts, which open the menu's billing section", async () => {
  const admin = await newPage(browser);
  await signInByEmail(mandat, admin, 'saaq100', 'isabelle.morin@saaq.localhost');
  await admin.getByRole('heading', { level: 2, name: "Société de l'assurance automobile du Québec" }).waitFor();
  await admin.getByRole('link', { name: 'Services en ligne' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Services en ligne' }).waitFor();
  await accessible(admin);
  await admin.getByLabel('Code du service').fill('permis');
  await admin.getByLabel('Nom en français').fill('Permis de conduire');
  await admin.getByLabel('Nom en anglais').fill("Driver's licences");
  await admin.getByLabel('Description en français').fill('Transmettre les demandes de permis.');
  await admin.getByLabel('Description en anglais').fill('Send licence requests.');
  await admin.getByRole('button', { name: 'Ajouter le service' }).click();
  await admin.getByText('Le service « Permis de conduire » est ajouté.').waitFor();
  await accessible(admin);
  await admin.getByLabel('Code de la tâche').fill('consulter');
  await admin.getByLabel('Nom de la tâche en français').fill('Consulter un dossier');
  await admin.getByLabel('Nom de la tâche en anglais').fill('View a file');
  await admin.getByRole('button', { name: 'Ajouter la tâche' }).click();
  await admin.getByText('La tâche « Consulter un dossier » est ajoutée.').waitFor();
  assert.match(
    await admin.getByRole('table', { name: 'Tâches du service' }).innerText(),
    /CONSULTER\s+Consulter un dossier\s+View a file/,
  );

  await admin.goto(`${mandat.url}/menu`);
  await admin.getByRole('link', { name: 'Contrats et ententes' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Contrats et ententes' }).waitFor();
  await accessible(admin);
  await admin.getByLabel('Nature du contrat').selectOption({ label: 'Facturation en ligne' });
  await admin.getByLabel('NEQ').fill('1160000001');
  await admin.getByLabel('Date de début').fill('2026-01-01');
  await admin.getByLabel('Date de fin').fill('2099-12-31');
  await admin.getByRole('button', { name: 'Inscrire le contrat' }).click();
  await admin.getByText('Le contrat avec Centre de formation des Laurentides est inscrit.').waitFor();
  await accessible(admin);

  await admin.goto(`${mandat.url}/menu`);
  await admin.getByRole('link', { name: "États des demandes d'inscription" }).click();
  await admin.getByRole('heading', { level: 1, name: "États des demandes d'inscription" }).waitFor();
  await accessible(admin);
  await admin.getByLabel("Code de l'état").fill('documents');
  await admin.getByLabel('Nom en français').fill('Documents requis');
  await admin.getByLabel('Nom en anglais').fill('Documents required');
  await admin.getByLabel('Signification en français').fill('Transmettez les documents demandés.');
  await admin.getByRole('button', { name: "Ajouter l'état" }).click();
  await admin.getByRole('alert').waitFor();
  assert.match(await admin.getByRole('alert').innerText(), /Signification en anglais/);
  await admin.getByLabel('Signification en anglais').fill('Send the documents asked for.');
  await admin.getByRole('button', { name: "Ajouter l'état" }).click();
  await admin.getByText("L'état « Documents requis » est ajouté.").waitFor();
  assert.match(
    await admin.getByRole('table', { name: "États d'une demande d'inscription et leur signification" }).innerText(),
    /En traitement[\s\S]*Actif[\s\S]*Refusé[\s\S]*DOCUMENTS\s+Documents requis/,
  );
  await accessible(admin);

  await admin.goto(`${mandat.url}/menu`);
  await admin.getByRole('link', { name: 'Journal des transactions' }).click();
  await admin.getByText("Chaque transaction qui concerne Société de l'assurance automobile du Québec").waitFor();
  assert.match(
    await admin.getByRole('row', { name: /Inscription d'un contrat/ }).innerText(),
    /Isabelle Morin\s+Inscription d'un contrat/,
  );
  await accessible(admin);

  await admin.goto(`${mandat.url}/menu`);
  await admin.getByRole('link', { name: 'Personnel du ministère ou organisme' }).click();
  await admin.getByRole('heading', { level: 1, name: /^Personnel :/ }).waitFor();
  await accessible(admin);

  const officer = await newPage(browser);
  await signInByEmail(mandat, officer, 'rsp100', 'chantal.gagne@cfl.exemple.qc.ca');
  await officer.getByRole('heading', { level: 2, name: 'Facturation en ligne' }).waitFor();
  await officer.getByText(
    "Société de l'assurance automobile du Québec : contrat en vigueur jusqu'au 31 décembre 2099",
  ).waitFor();
  await officer.getByRole('heading', { level: 2, name: 'Mesures de formation' }).waitFor();
  assert.equal(await officer.getByRole('heading', { level: 2, name: 'Mesures SAE/PPE' }).count(), 0);
  await accessible(officer);
});

test("an agency's pages read in English", async () => {
  const admin = await newPage(browser);
  await signInByEmail(mandat, admin, 'ramq100', 'eric.tremblay@ramq.localhost');
  await admin.getByRole('link', { name: 'English' }).click();
  await admin.getByRole('link', { name: 'Online services' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Online services' }).waitFor();
  await admin.getByRole('button', { name: 'Add the service' }).waitFor();
  await accessible(admin);
  for (const [path, heading] of [
    ['/ministere/coordonnees', 'How to reach the agency'],
    ['/ministere/etats', 'States of enrollment requests'],
    ['/ministere/contrats', 'Contracts and agreements'],
    ['/ministere/personnel', /^Staff:/],
    ['/ministere/journal', 'Transaction log'],
  ]) {
    await admin.goto(`${mandat.url}${path}`);
    await admin.getByRole('heading', { level: 1, name: heading }).waitFor();
    await accessible(admin);
  }
});
