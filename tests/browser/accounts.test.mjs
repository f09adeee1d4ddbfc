// Accounts in a real browser, by what a person sees (issue 4): sign-in with each second
// factor, linking an authenticator app and keeping the recovery codes, central issuing a
// registration code and the person registering in English, the once-a-day password rule,
// the identification page and self-deactivation. Each page is checked with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startMandat, launchBrowser, newPage, assertAccessible as accessible, waitForMail, totp,
} from './harness.mjs';

const PASSWORD = 'Demo-Mandat-2026';
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

const text = {
  fr: {
    userCode: "Code d'utilisateur", password: 'Mot de passe', signIn: 'Se connecter',
    secondFactor: 'Code de validation multifacteur', send: 'Recevoir un code par courriel',
    validate: 'Valider', menu: 'Menu principal',
  },
  en: {
    userCode: 'User code', password: 'Password', signIn: 'Sign in',
    secondFactor: 'Multi-factor validation code', send: 'Receive a code by email',
    validate: 'Validate', menu: 'Main menu',
  },
};

/** User code and password, then `secondFactor(page)` types the second factor. */
async function signIn(page, lang, userCode, secondFactor) {
  const t = text[lang];
  await page.getByLabel(t.userCode, { exact: true }).fill(userCode);
  await page.getByLabel(t.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: t.signIn }).click();
  await page.getByRole('heading', { level: 1, name: t.secondFactor }).waitFor();
  await accessible(page);
  await page.getByLabel(t.secondFactor).fill(await secondFactor(page));
  await page.getByRole('button', { name: t.validate }).click();
  await page.getByRole('heading', { level: 1, name: t.menu }).waitFor();
  await accessible(page);
}

/** Asks for a code by email and reads the `count`th one sent to `email`. */
function emailedCode(lang, email, count) {
  return async (page) => {
    await page.getByRole('button', { name: text[lang].send }).click();
    await page.getByRole('status').waitFor();
    const body = await waitForMail(mandat.dataDir, email, 'Votre code de validation multifacteur est', count);
    return body.match(/Votre code de validation multifacteur est : (\d{6})/)[1];
  };
}

test('an officer signs in with an emailed code, links an app, keeps recovery codes, and signs in with the app', async () => {
  const page = await newPage(browser);
  const email = 'chantal.gagne@cfl.exemple.qc.ca';
  await page.goto(`${mandat.url}/connexion`);
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await accessible(page);
  await signIn(page, 'fr', 'rsp100', emailedCode('fr', email, 1));

  await page.getByRole('link', { name: "Application d'authentification" }).click();
  await page.getByText("Aucune application d'authentification n'est associée").waitFor();
  await page.getByRole('button', { name: 'Associer une application' }).click();
  await page.getByRole('img', { name: "Code QR à balayer avec votre application d'authentification" }).waitFor();
  await accessible(page);
  const key = await page.locator('.typed-key').textContent();
  await page.getByLabel("Code affiché par l'application").fill('123');
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await page.getByRole('alert').getByText('ne correspond pas au code que votre application affiche').waitFor();
  await page.getByLabel("Code affiché par l'application").fill(totp(key));
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Codes de récupération' }).waitFor();
  await page.getByText('Votre application d\'authentification est associée.').waitFor();
  const codes = await page.getByRole('listitem').filter({ has: page.locator('code') }).allTextContents();
  assert.equal(codes.length, 10);
  await accessible(page);
  await waitForMail(mandat.dataDir, email, "Une application d'authentification a été associée");

  await page.getByRole('link', { name: 'Retour au menu principal' }).click();
  await page.getByRole('button', { name: "Sortir de l'application" }).first().click();
  await page.getByRole('heading', { level: 1, name: "Vous avez quitté l'application" }).waitFor();
  await accessible(page);

  // The step the confirmation used is spent: the app's next code signs in.
  await page.goto(`${mandat.url}/connexion`);
  await signIn(page, 'fr', 'rsp100', async (p) => {
    await p.getByText('Saisissez le code affiché par votre application').waitFor();
    return totp(key, Date.now() + 30000);
  });

  // And a recovery code, once.
  await page.getByRole('button', { name: "Sortir de l'application" }).first().click();
  await page.goto(`${mandat.url}/connexion`);
  await signIn(page, 'fr', 'rsp100', async () => codes[0]);
  await waitForMail(mandat.dataDir, email, 'Il vous en reste 9.');
});

test('central issues a registration code and the person registers, in English', async () => {
  const central = await newPage(browser);
  await central.goto(`${mandat.url}/connexion`);
  await central.getByRole('link', { name: 'English' }).click();
  await central.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await signIn(central, 'en', 'gcs2026', emailedCode('en', 'central@mandat.localhost', 1));
  await central.getByRole('link', { name: 'Registration codes' }).click();
  await central.getByRole('link', { name: 'Centre de formation des Laurentides' }).click();
  await accessible(central);
  await central.getByRole('button', { name: 'Issue a code (Sophie Roy)' }).click();
  await central.getByRole('status').getByText('Sophie Roy').waitFor();
  await accessible(central);

  const mail = await waitForMail(mandat.dataDir, 'sophie.roy@cfl.exemple.qc.ca', "Votre code d'enregistrement est");
  const code = mail.match(/Votre code d'enregistrement est : "([0-9A-Z-]{14})"/)[1];
  const sophie = await newPage(browser);
  await sophie.goto(`${mandat.url}/inscription`);
  await sophie.getByRole('link', { name: 'English' }).click();
  await sophie.getByRole('heading', { level: 1, name: 'Registration – Registration code' }).waitFor();
  await accessible(sophie);
  await sophie.getByLabel('Registration code').fill(code);
  await sophie.getByLabel('Partial SIN').fill('999999');
  await sophie.getByRole('button', { name: 'Continue' }).click();
  await sophie.getByRole('alert').getByText('The registration code or the partial SIN is invalid.').waitFor();
  await sophie.getByLabel('Registration code').fill(code);
  await sophie.getByLabel('Partial SIN').fill('100004');
  await sophie.getByRole('button', { name: 'Continue' }).click();
  await sophie.getByRole('heading', { level: 1, name: 'Identification sheet' }).waitFor();
  await accessible(sophie);
  await sophie.getByRole('link', { name: 'Continue' }).click();
  await sophie.getByRole('heading', { level: 1, name: 'Choosing your user code and password' }).waitFor();
  await sophie.getByLabel('User code').fill('sroy2026');
  await sophie.getByLabel('Password', { exact: true }).fill('Printemps2027x');
  await sophie.getByLabel('Password confirmation').fill('Printemps2027x');
  await sophie.getByRole('button', { name: 'Save' }).click();
  await sophie.getByRole('alert').getByText('The user code must not be made of characters').waitFor();
  await sophie.getByLabel('User code').fill('cfl2026s');
  await sophie.getByLabel('Password', { exact: true }).fill('Printemps2027x');
  await sophie.getByLabel('Password confirmation').fill('Printemps2027x');
  await sophie.getByRole('button', { name: 'Save' }).click();
  await sophie.getByRole('heading', { level: 1, name: 'Saved successfully' }).waitFor();
  await accessible(sophie);
});

test('a member reads their identification, may not change the password twice a day, and deactivates their code', async () => {
  const page = await newPage(browser);
  await page.goto(`${mandat.url}/connexion`);
  await signIn(page, 'fr', 'aux200', emailedCode('fr', 'martin.lavoie@cfl.exemple.qc.ca', 1));
  await page.getByRole('link', { name: "Vos renseignements d'identification" }).click();
  await page.getByRole('heading', { level: 1, name: "Vos renseignements d'identification" }).waitFor();
  await page.getByText('aux200').waitFor();
  await accessible(page);

  await page.getByRole('link', { name: 'Menu principal' }).click();
  await page.getByRole('link', { name: 'Modifier votre mot de passe' }).click();
  await page.getByLabel('Mot de passe actuel').fill(PASSWORD);
  await page.getByLabel('Mot de passe', { exact: true }).fill('Automne2026x');
  await page.getByLabel('Confirmation du mot de passe').fill('Automne2026x');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText("Vous ne pouvez modifier votre mot de passe qu'une fois par jour.").waitFor();
  await accessible(page);

  await page.goto(`${mandat.url}/menu`);
  await page.getByRole('link', { name: "Désactivation de votre code d'utilisateur" }).click();
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Raison de désactivation', { exact: true }).selectOption({ label: 'Autre raison' });
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByRole('alert').waitFor();
  await accessible(page);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Raison de désactivation', { exact: true }).selectOption({ label: 'Changement de fonction' });
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByText("Vous avez demandé de désactiver votre code d'utilisateur. Voulez-vous toujours le désactiver ?").waitFor();
  await accessible(page);
  await page.getByRole('button', { name: 'Désactiver' }).click();
  await page.getByText("Votre code d'utilisateur a été désactivé.").waitFor();
  await accessible(page);
  // The officers learn of it, by the code's first three characters only.
  const notice = await waitForMail(mandat.dataDir, 'chantal.gagne@cfl.exemple.qc.ca', "le code d'utilisateur (aux) a été désactivé");
  assert.ok(notice.includes('Raison : Changement de fonction'), notice);
  assert.ok(!notice.includes('aux200'), notice);
});
