// An agency's OpenID Connect clients in a real browser (issue 20): the MESS's administrator
// registers a client of its service, is told what is wrong by field, sees the secret once,
// then disables the client; the page reads in English; central sees every agency's clients.
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

test("an agency registers, then disables, a client of its service; central sees it", async () => {
  const admin = await newPage(browser);
  await signInByEmail(mandat, admin, 'mess100', 'nadia.pelletier@mess.localhost');
  await admin.goto(`${mandat.url}/ministere/services/SEL-IE`);
  await admin.getByRole('link', { name: 'Voir les clients OpenID Connect de ce service' }).click();
  const heading = 'Clients OpenID Connect – Services en ligne des intervenants externes';
  await admin.getByRole('heading', { level: 1, name: heading }).waitFor();
  // The demonstration's own agency service is registered already, as an operator would.
  assert.match(await admin.getByRole('row', { name: /Service en ligne de démonstration/ }).innerText(), /Actif/);
  await accessible(admin);

  await admin.getByLabel('Nom du client', { exact: true }).fill('Portail des partenaires');
  await admin.getByLabel('Adresses de retour après la connexion').fill('http://partenaires.example/rappel');
  await admin.getByRole('button', { name: 'Inscrire le client' }).click();
  await admin.getByRole('alert').waitFor();
  assert.match(await admin.getByRole('alert').innerText(), /Adresses de retour après la connexion/);
  await accessible(admin);

  await admin.getByLabel('Adresses de retour après la connexion').fill('https://partenaires.example/rappel');
  await admin.getByRole('button', { name: 'Inscrire le client' }).click();
  await admin.getByText('Le client est inscrit.').waitFor();
  const secret = await admin.locator('#new-client-secret').innerText();
  assert.ok(secret.length >= 40, secret);
  assert.match(await admin.getByRole('row', { name: /Portail des partenaires/ }).innerText(), /Actif/);
  await accessible(admin);

  await admin.getByRole('row', { name: /Portail des partenaires/ }).getByRole('button', { name: 'Désactiver' }).click();
  await admin.getByText('Le client est désactivé').waitFor();
  assert.match(await admin.getByRole('row', { name: /Portail des partenaires/ }).innerText(), /Désactivé/);
  assert.doesNotMatch(await admin.content(), new RegExp(secret), 'the secret is shown once');

  await admin.getByRole('link', { name: 'English' }).click();
  await admin.getByRole('heading', { level: 1, name: "OpenID Connect clients – External partners' online services" }).waitFor();
  await accessible(admin);

  const central = await newPage(browser);
  await signInByEmail(mandat, central, 'gcs2026', 'central@mandat.localhost');
  await central.getByRole('link', { name: 'Clients OpenID Connect' }).click();
  await central.getByRole('heading', { level: 1, name: 'Clients OpenID Connect des ministères et organismes' }).waitFor();
  assert.match(await central.getByRole('row', { name: /Portail des partenaires/ }).innerText(), /Désactivé/);
  await accessible(central);
});

test('a person who may act for no organization is told so, in French and English, and signs out at a service\'s request', async () => {
  const admin = await newPage(browser);
  await signInByEmail(mandat, admin, 'mess100', 'nadia.pelletier@mess.localhost', 2);
  await admin.goto(`${mandat.url}/ministere/services/SEL-IE/clients`);
  const back = `${mandat.url}/`;
  await admin.getByLabel('Nom du client', { exact: true }).fill('Portail de vérification');
  await admin.getByLabel('Adresses de retour après la connexion').fill(back);
  await admin.getByLabel('Adresses de retour après la déconnexion').fill(back);
  await admin.getByRole('button', { name: 'Inscrire le client' }).click();
  await admin.getByText('Le client est inscrit.').waitFor();
  const clientId = await admin.locator('#new-client-id').innerText();

  const person = await newPage(browser);
  await signInByEmail(mandat, person, 'usr500', 'marc.cote@cfl.exemple.qc.ca');
  const ask = (extra) => `${mandat.url}/oidc/authorize?response_type=code&client_id=${clientId}`
    + `&redirect_uri=${encodeURIComponent(back)}&scope=openid&state=s1`
    + '&code_challenge=CsRNY5CKtHaStGyXfq3E2zKv9nJ66eWVLAklTZngYvo&code_challenge_method=S256' + extra;
  await person.goto(ask(''));
  await person.getByRole('heading', { level: 1, name: 'Aucun accès à ce service en ligne' }).waitFor();
  await accessible(person);
  const way = await person.getByRole('link', { name: 'Retourner au service en ligne' }).getAttribute('href');
  assert.match(way, /error=access_denied/);
  assert.match(way, /state=s1/);

  await person.goto(ask('&ui_locales=en-CA'));
  await person.getByRole('heading', { level: 1, name: 'No access to this online service' }).waitFor();
  await accessible(person);

  await person.goto(`${mandat.url}/oidc/logout?client_id=${clientId}`
    + `&post_logout_redirect_uri=${encodeURIComponent(back)}&state=bye`);
  await person.getByRole('heading', { level: 1, name: 'Sign out of Mandat?' }).waitFor();
  await accessible(person);
  await person.getByRole('button', { name: 'Sign me out' }).click();
  // The page that sends the person back goes on by itself (no script: a meta refresh).
  await person.waitForURL((url) => url.pathname === '/' && url.search === '?state=bye');
  await person.goto(`${mandat.url}/menu`);
  assert.match(person.url(), /\/connexion$/, 'signed out of Mandat');
});
