// Procurations in a real browser (issue 8, P3–P5): the training establishment's officer grants
// Marc Côté restricted access to the MESS's services, where the demonstration enrolls the
// organization « Actif », checks the summary, transmits, then withdraws it (path A); then she
// creates a procuration, assigns it to three users, withdraws it for one, then for all (path B);
// and, on Mandat started again three days ahead, a right shows as ended after its last day.
// The users are emailed each time. Each page is checked with axe-core.

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

const MARC = 'marc.cote@cfl.exemple.qc.ca';

test('an officer grants restricted access rights after a summary, then withdraws them', async () => {
  const officer = await newPage(browser);
  await signInByEmail(mandat, officer, 'rsp100', 'chantal.gagne@cfl.exemple.qc.ca');
  await officer.getByRole('link', { name: "Gestion des droits d'accès" }).click();
  await officer.getByRole('heading', { level: 1, name: "Gestion des droits d'accès" }).waitFor();
  await accessible(officer);
  await officer.getByRole('link', { name: 'Marc Côté' }).click();
  await officer.getByText("Cet utilisateur ne détient aucun droit d'accès.").waitFor();
  await accessible(officer);

  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('alert').waitFor();
  assert.match(await officer.getByRole('alert').innerText(), /Ministères et organismes visés/);
  await accessible(officer);

  const end = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
  await officer.getByLabel('Date de fin').fill(end);
  await officer.getByLabel(/^Accès avec restriction/).check();
  await officer.getByLabel(/Rechercher des individus/).check();
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('heading', { level: 2, name: 'Résumé de la procuration' }).waitFor();
  assert.match(await officer.locator('dl').innerText(), /accès avec restriction : Services en ligne des intervenants externes : Rechercher des individus/);
  await accessible(officer);
  await officer.getByRole('button', { name: 'Transmettre' }).click();
  await officer.getByText('La procuration est transmise').waitFor();
  assert.match(
    await officer.getByRole('table', { name: 'Procurations détenues et ce qu\'elles permettent' }).innerText(),
    /Droits d'accès de Marc Côté\s+Ministère de l'Emploi et de la Solidarité sociale : accès avec restriction/,
  );
  await accessible(officer);
  await waitForMail(mandat.dataDir, MARC, "vous accorde des droits d'accès");

  // « Vérifier un accès »: the decision the agencies' services will get, with its reasons.
  const task = officer.getByLabel("Tâche d'un service en ligne");
  const granted = await task.locator('option', { hasText: 'Rechercher des individus' }).getAttribute('value');
  await task.selectOption(granted);
  await officer.getByRole('button', { name: 'Vérifier' }).click();
  await officer.getByText(/^Autorisé : Marc Côté peut accomplir cette tâche/).waitFor();
  await accessible(officer);

  await officer.getByRole('button', { name: /^Retirer/ }).click();
  await officer.getByText("Les droits d'accès sont retirés").waitFor();
  await officer.getByText("Cet utilisateur ne détient aucun droit d'accès.").waitFor();
  await waitForMail(mandat.dataDir, MARC, "a retiré vos droits d'accès");
});

test('a procuration is created, assigned to three users, withdrawn for one, then for all', async () => {
  const officer = await newPage(browser);
  await signInByEmail(mandat, officer, 'rsp100', 'chantal.gagne@cfl.exemple.qc.ca', 2);
  await officer.getByRole('link', { name: 'Gestion des procurations' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Gestion des procurations' }).waitFor();
  await accessible(officer);
  await officer.getByRole('link', { name: 'Ajouter' }).click();
  await accessible(officer);
  await officer.getByRole('link', { name: 'Interne' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Nouvelle procuration interne' }).waitFor();
  await accessible(officer);
  await officer.getByLabel('Nom de la procuration').fill('Facturation');
  const end = new Date(Date.now() + 90 * 86400000).toISOString().slice(0, 10);
  await officer.getByLabel('Date de fin').fill(end);
  await officer.getByLabel(/^Accès sans restriction/).check();
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('heading', { level: 2, name: 'Résumé de la procuration' }).waitFor();
  await accessible(officer);
  await officer.getByRole('button', { name: 'Transmettre' }).click();
  await officer.getByText('La procuration est créée.').waitFor();
  await accessible(officer);

  await officer.getByRole('link', { name: 'Assigner' }).click();
  await officer.getByLabel(/^Chantal Gagné/).check();
  await officer.getByLabel(/^Martin Lavoie/).check();
  await officer.getByLabel(/^Marc Côté/).check();
  await accessible(officer);
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('heading', { level: 2, name: /^Résumé des accès/ }).waitFor();
  await officer.getByRole('button', { name: 'Transmettre' }).click();
  await officer.getByText('La procuration est assignée').waitFor();
  const holders = officer.getByRole('table', { name: 'Utilisateurs qui détiennent la procuration' });
  const held = await holders.innerText();
  for (const name of ['Chantal Gagné', 'Martin Lavoie', 'Marc Côté']) assert.ok(held.includes(name), name);
  await accessible(officer);
  await waitForMail(mandat.dataDir, 'martin.lavoie@cfl.exemple.qc.ca', "vous accorde des droits d'accès");

  await officer.getByRole('button', { name: 'Retirer : Marc Côté' }).click();
  await officer.getByText("Les droits de cet utilisateur sont retirés").waitFor();
  assert.doesNotMatch(await holders.innerText(), /Marc Côté/);
  assert.match(await holders.innerText(), /Chantal Gagné[\s\S]*Martin Lavoie|Martin Lavoie[\s\S]*Chantal Gagné/);
  await officer.getByRole('button', { name: 'Retirer la procuration' }).click();
  await officer.getByText('Cette procuration est retirée').waitFor();
  await waitForMail(mandat.dataDir, 'martin.lavoie@cfl.exemple.qc.ca', "a retiré vos droits d'accès");
  await accessible(officer);
});

test('the access rights pages read in English', async () => {
  const officer = await newPage(browser);
  await signInByEmail(mandat, officer, 'aux200', 'martin.lavoie@cfl.exemple.qc.ca');
  await officer.getByRole('link', { name: 'English' }).click();
  await officer.getByRole('link', { name: 'Managing access rights' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Managing access rights' }).waitFor();
  await accessible(officer);
  await officer.getByRole('link', { name: 'Marc Côté' }).click();
  await officer.getByRole('heading', { level: 2, name: 'Grant access rights' }).waitFor();
  await accessible(officer);
});

test('rights end at their end date, as Mandat shows on a clock moved ahead', async () => {
  // Its own Mandat, started twice on the same data: today, then three days later.
  const today = await startMandat(['--demo']);
  let person;
  try {
    const officer = await newPage(browser);
    await signInByEmail(today, officer, 'rsp100', 'chantal.gagne@cfl.exemple.qc.ca');
    await officer.goto(`${today.url}/administration/droits`);
    await officer.getByRole('link', { name: 'Marc Côté' }).click();
    await officer.getByLabel('Date de fin').fill(new Date(Date.now() + 86400000).toISOString().slice(0, 10));
    await officer.getByLabel(/^Accès sans restriction/).check();
    await officer.getByRole('button', { name: 'Continuer' }).click();
    await officer.getByRole('button', { name: 'Transmettre' }).click();
    await officer.getByText('La procuration est transmise').waitFor();
    const rights = officer.getByRole('table', { name: 'Procurations détenues et ce qu\'elles permettent' });
    assert.match(await rights.innerText(), /En vigueur/);
    person = new URL(officer.url()).pathname;
  } finally {
    await today.stop({ keep: true });
  }
  const later = await startMandat(['--demo', '--demo-days-ahead', '3'], today.dataDir);
  try {
    const officer = await newPage(browser);
    await signInByEmail(later, officer, 'rsp100', 'chantal.gagne@cfl.exemple.qc.ca', 2);
    await officer.goto(`${later.url}${person}`);
    const rights = officer.getByRole('table', { name: 'Procurations détenues et ce qu\'elles permettent' });
    assert.match(await rights.innerText(), /Terminée/);
    assert.doesNotMatch(await rights.innerText(), /En vigueur/);
    await accessible(officer);
  } finally {
    await later.stop();
  }
});
