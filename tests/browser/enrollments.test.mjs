// Enrollment in an agency's services in a real browser (issue 7, E1–E5), by what each person
// sees: the SAAQ defines a service with a task, a field of its enrollment form and a state of
// its own; an officer of the training establishment enrolls step by step, her session ending
// midway without losing the draft; the agency moves the request to its own state, then
// « Actif », and the officers are emailed each time; a user who is no officer finds no
// enrollment page and is refused a forged request. Each page is checked with axe-core.

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
const MARTIN = 'martin.lavoie@cfl.exemple.qc.ca';

async function menuLink(page, name) {
  await page.goto(`${mandat.url}/menu`);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await accessible(page);
}

test('an officer enrolls in the SAAQ, which moves the request to its own state, then « Actif »', async () => {
  const agency = await newPage(browser);
  await signInByEmail(mandat, agency, 'saaq100', 'isabelle.morin@saaq.localhost');
  await menuLink(agency, 'Services en ligne');
  await agency.getByLabel('Code du service').fill('permis');
  await agency.getByLabel('Nom en français').fill('Permis de conduire');
  await agency.getByLabel('Nom en anglais').fill("Driver's licences");
  await agency.getByLabel('Description en français').fill('Transmettre les demandes de permis.');
  await agency.getByLabel('Description en anglais').fill('Send licence requests.');
  await agency.getByRole('button', { name: 'Ajouter le service' }).click();
  await agency.getByText('Le service « Permis de conduire » est ajouté.').waitFor();
  await agency.getByLabel('Code de la tâche').fill('consulter');
  await agency.getByLabel('Nom de la tâche en français').fill('Consulter un dossier');
  await agency.getByLabel('Nom de la tâche en anglais').fill('View a file');
  await agency.getByRole('button', { name: 'Ajouter la tâche' }).click();
  await agency.getByText('La tâche « Consulter un dossier » est ajoutée.').waitFor();

  await menuLink(agency, "Formulaire d'inscription : autres renseignements");
  await agency.getByLabel('Code du champ').fill('taille');
  await agency.getByLabel('Type de réponse').selectOption({ label: 'Choix dans une liste' });
  await agency.getByLabel('Libellé en français').fill("Taille de l'organisation");
  await agency.getByLabel('Libellé en anglais').fill("The organization's size");
  await agency.getByLabel('Réponse obligatoire').check();
  await agency.getByLabel('Choix en français, un par ligne').fill('PME\nGrande entreprise');
  await agency.getByRole('button', { name: 'Ajouter le champ' }).click();
  await agency.getByRole('alert').waitFor();
  assert.match(await agency.getByRole('alert').innerText(), /Choix en anglais/);
  await accessible(agency);
  await agency.getByLabel('Choix en anglais, un par ligne, dans le même ordre').fill('SME\nLarge business');
  await agency.getByRole('button', { name: 'Ajouter le champ' }).click();
  await agency.getByText("Le champ « Taille de l'organisation » est ajouté au formulaire.").waitFor();
  assert.match(
    await agency.getByRole('row', { name: /TAILLE/ }).innerText(),
    /TAILLE\s+Taille de l'organisation\s+Choix dans une liste\s+Oui\s+PME · Grande entreprise/,
  );

  await menuLink(agency, "États des demandes d'inscription");
  await agency.getByLabel("Code de l'état").fill('verification');
  await agency.getByLabel('Nom en français').fill('Vérification en cours');
  await agency.getByLabel('Nom en anglais').fill('Being checked');
  await agency.getByLabel('Signification en français').fill('Nous vérifions la flotte déclarée.');
  await agency.getByLabel('Signification en anglais').fill('We are checking the declared fleet.');
  await agency.getByRole('button', { name: "Ajouter l'état" }).click();
  await agency.getByText("L'état « Vérification en cours » est ajouté.").waitFor();

  // The officer begins; her session ends after the organization's information.
  const officer = await newPage(browser);
  await signInByEmail(mandat, officer, 'rsp100', CHANTAL);
  await menuLink(officer, 'Inscription aux services');
  await officer.getByRole('link', { name: "Nouvelle demande d'inscription" }).click();
  await officer.getByRole('heading', { level: 1, name: "Choisir le ministère ou l'organisme" }).waitFor();
  await accessible(officer);
  await officer.getByLabel("Société de l'assurance automobile du Québec").check();
  await officer.getByRole('button', { name: 'Inscrire' }).click();
  await officer.getByRole('heading', { level: 2, name: "Renseignements sur le ministère ou l'organisme" }).waitFor();
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('alert').waitFor();
  assert.match(await officer.getByRole('alert').innerText(), /Services demandés/);
  await accessible(officer);
  await officer.getByLabel('Permis de conduire').check();
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('heading', { level: 2, name: "Renseignements sur l'entreprise" }).waitFor();
  const name = officer.getByLabel('Nom ou raison sociale');
  assert.equal(await name.inputValue(), 'Centre de formation des Laurentides');
  await accessible(officer);
  await name.fill('Centre de formation des Laurentides inc.');
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('heading', { level: 2, name: 'Autres renseignements' }).waitFor();
  await accessible(officer);

  await officer.context().clearCookies();
  await signInByEmail(mandat, officer, 'rsp100', CHANTAL, 2);
  await menuLink(officer, 'Inscription aux services');
  await officer.getByRole('link', { name: "Reprendre : Société de l'assurance automobile du Québec" }).click();
  assert.equal(await officer.getByLabel('Permis de conduire').isChecked(), true);
  await officer.getByRole('button', { name: 'Continuer' }).click();
  assert.equal(
    await officer.getByLabel('Nom ou raison sociale').inputValue(),
    'Centre de formation des Laurentides inc.',
  );
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByLabel('Nombre de véhicules de votre flotte').fill('douze');
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('alert').waitFor();
  const alert = await officer.getByRole('alert').innerText();
  assert.match(alert, /Nombre de véhicules de votre flotte» doit contenir un nombre|« Nombre de véhicules de votre flotte » doit contenir un nombre/);
  assert.match(alert, /« Taille de l'organisation » est obligatoire/);
  await accessible(officer);
  await officer.getByLabel('Nombre de véhicules de votre flotte').fill('12');
  await officer.getByLabel('PME').check();
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('heading', { level: 2, name: 'Consentement' }).waitFor();
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('alert').waitFor();
  await officer.getByLabel(/Je consens, au nom de mon organisation/).check();
  await officer.getByRole('button', { name: 'Continuer' }).click();
  await officer.getByRole('heading', { level: 2, name: 'Vérification' }).waitFor();
  const review = await officer.locator('main').innerText();
  for (const shown of ['Centre de formation des Laurentides inc.', 'Permis de conduire', '12', 'PME', 'Sans réponse']) {
    assert.ok(review.includes(shown), shown);
  }
  await accessible(officer);
  await officer.getByRole('button', { name: 'Transmettre' }).click();
  await officer.getByText("Votre demande d'inscription est transmise.").waitFor();
  await officer.locator('.panel strong', { hasText: 'En traitement' }).waitFor();
  await accessible(officer);
  await waitForMail(mandat.dataDir, CHANTAL, "La demande d'inscription de Centre de formation des Laurentides inc.");

  // The agency processes it: its own state, then « Actif ».
  await menuLink(agency, "Demandes d'inscription reçues");
  await agency.getByRole('link', { name: 'Centre de formation des Laurentides' }).click();
  await agency.getByRole('heading', { level: 1, name: /^Demande d'inscription/ }).waitFor();
  assert.match(await agency.locator('main').innerText(), /Taille de l'organisation\s+PME/);
  await accessible(agency);
  await agency.getByLabel('Nouvel état').selectOption({ label: 'Vérification en cours' });
  await agency.getByLabel('Commentaires').fill('Joignez la liste des véhicules.');
  await agency.getByRole('button', { name: "Enregistrer l'état" }).click();
  await agency.getByText("L'état de la demande est enregistré.").waitFor();
  for (const to of [CHANTAL, MARTIN]) {
    const mail = await waitForMail(mandat.dataDir, to, 'Son état est maintenant « Vérification en cours »');
    assert.match(mail, /Nous vérifions la flotte déclarée\.[\s\S]*Joignez la liste des véhicules\./);
  }
  await officer.goto(`${mandat.url}/inscriptions`);
  assert.match(
    await officer.getByRole('row', { name: /Société de l'assurance automobile/ }).innerText(),
    /Vérification en cours\s+Nous vérifions la flotte déclarée\./,
  );

  await agency.getByLabel('Nouvel état').selectOption({ label: 'Actif' });
  await agency.getByLabel('Commentaires').fill('');
  await agency.getByRole('button', { name: "Enregistrer l'état" }).click();
  await agency.getByText("L'état de la demande est enregistré.").waitFor();
  assert.match(await agency.getByRole('table', { name: 'États de la demande, dans l\'ordre' }).innerText(),
    /En traitement[\s\S]*Vérification en cours\s+Joignez la liste des véhicules\.\s+Isabelle Morin[\s\S]*Actif/);
  await accessible(agency);
  await waitForMail(mandat.dataDir, CHANTAL, 'Son état est maintenant « Actif »');
  await officer.goto(`${mandat.url}/inscriptions`);
  assert.match(
    await officer.getByRole('row', { name: /Société de l'assurance automobile/ }).innerText(),
    /Actif\s+Les droits sont accordés/,
  );
});

test('a user who is no officer finds no enrollment page and is refused a forged request', async () => {
  const user = await newPage(browser);
  await signInByEmail(mandat, user, 'usr500', 'marc.cote@cfl.exemple.qc.ca');
  assert.equal(await user.getByRole('link', { name: 'Inscription aux services' }).count(), 0);
  const csrf = await user.locator('input[name="csrf"]').first().inputValue();
  const page = await user.goto(`${mandat.url}/inscriptions`);
  assert.equal(page.status(), 403);
  await accessible(user);
  const forged = await user.request.post(`${mandat.url}/inscriptions/nouvelle`, {
    form: { csrf, agency: 'SAAQ' },
  });
  assert.equal(forged.status(), 403);
});

test('the enrollment pages read in English', async () => {
  const officer = await newPage(browser);
  await signInByEmail(mandat, officer, 'aux200', MARTIN);
  await officer.getByRole('link', { name: 'English' }).click();
  await officer.getByRole('link', { name: 'Enrollment in services' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Enrollment in services' }).waitFor();
  await accessible(officer);
  await officer.getByRole('link', { name: 'New enrollment request' }).click();
  await officer.getByLabel('Québec Health Insurance Board').check();
  await officer.getByRole('button', { name: 'Enroll' }).click();
  await officer.getByRole('heading', { level: 2, name: 'Information about the ministry or agency' }).waitFor();
  await accessible(officer);
  const agency = await newPage(browser);
  await signInByEmail(mandat, agency, 'ramq100', 'eric.tremblay@ramq.localhost');
  await agency.getByRole('link', { name: 'English' }).click();
  for (const [path, heading] of [
    ['/ministere/inscriptions', 'Enrollment requests received'],
    ['/ministere/formulaire', 'Enrollment form: other information'],
  ]) {
    await agency.goto(`${mandat.url}${path}`);
    await agency.getByRole('heading', { level: 1, name: heading }).waitFor();
    await accessible(agency);
  }
});
