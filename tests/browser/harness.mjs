// The browser tier's harness: starts the real `mandat` binary on a free port with a fresh
// data directory, and Chromium from Debian's package through playwright-core (no browser
// download). Tests find elements by what a person sees: roles, labels, link text.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..', '..');

/** The binary under test: MANDAT_BIN, or the debug build. */
export const binary = process.env.MANDAT_BIN ?? join(root, 'target', 'debug', 'mandat');

/**
 * Starts `mandat serve` with `args`; resolves to { url, stop, dataDir }, and with `--demo`,
 * `service`: the address of the demonstration's agency service it prints.
 */
export async function startMandat(args = [], reuse = undefined) {
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'mandat-browser-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MANDAT_')));
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--data-dir', join(dataDir, 'data'), ...args], {
    cwd: dataDir,
    env: { ...env, MANDAT_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let service;
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const demo = line.match(/Demonstration online service: (http:\/\/\S+)$/);
      if (demo) service = demo[1];
      const m = line.match(/^Mandat listening on (http:\/\/\S+)$/);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`mandat exited (${code}) before listening:\n${stderr}`)));
  });
  // `stop({ keep: true })` leaves the data for a new start on it (`startMandat(args, dataDir)`).
  const stop = async ({ keep = false } = {}) => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.on('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, service, stop, dataDir };
}

/** Chromium from Debian (/usr/bin/chromium), headless, quiet on this closed network. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A new page. `bypassCSP` lets the test inject axe-core, since Mandat's pages forbid inline
 * script; the CSP itself is checked over HTTP.
 */
export async function newPage(browser) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'fr-CA' });
  return context.newPage();
}

/** Runs axe-core's WCAG 2.1 A and AA rules on the page; returns the violations. */
export async function accessibilityViolations(page) {
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`);
}

/** Fails, naming the page, if axe-core finds any WCAG 2.1 A or AA violation on it. */
export async function assertAccessible(page) {
  assert.deepEqual(await accessibilityViolations(page), [], `on ${page.url()}`);
}

/** The bodies of the emails to `address` in the directory backend, oldest first, decoded. */
export function mailsTo(dataDir, address) {
  const dir = join(dataDir, 'data', 'mail');
  let names = [];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.eml')); } catch { return []; }
  return names
    .map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime)
    .map(({ path }) => readFileSync(path, 'utf8'))
    .filter((raw) => new RegExp(`^To: ${address.replace(/[.]/g, '\\.')}\\s*$`, 'mi').test(raw))
    .map((raw) => decodeQuotedPrintable(raw.slice(raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n'))));
}

function decodeQuotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Waits (20 s at most) for an email to `address` containing `text`; returns its body. */
export async function waitForMail(dataDir, address, text, count = 1) {
  const deadline = Date.now() + 20000;
  for (;;) {
    const found = mailsTo(dataDir, address).filter((body) => body.includes(text));
    if (found.length >= count) return found[count - 1];
    if (Date.now() > deadline) throw new Error(`no email to ${address} with ${JSON.stringify(text)}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The code an authenticator app shows for the base32 `key` at `time` (RFC 6238, SHA-1). */
export function totp(key, time = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of key.replace(/\s/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const secret = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 1000 / 30)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/** The demonstration accounts' password. */
export const DEMO_PASSWORD = 'Demo-Mandat-2026';

/** Signs in to the demonstration as `userCode`, with the emailed code (the `count`th to
 * `email`), and waits for the main menu. */
export async function signInByEmail(mandat, page, userCode, email, count = 1) {
  await page.goto(`${mandat.url}/connexion`);
  await passSignIn(mandat, page, userCode, email, count);
  await page.getByRole('heading', { level: 1, name: 'Menu principal' }).waitFor();
}

/** On Mandat's sign-in page: the user code, the password, then the emailed code (the
 * `count`th to `email`); wherever Mandat goes next (the menu, or back to a service). */
export async function passSignIn(mandat, page, userCode, email, count = 1) {
  await page.getByLabel("Code d'utilisateur", { exact: true }).fill(userCode);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Recevoir un code par courriel' }).click();
  await page.getByRole('status').waitFor();
  const body = await waitForMail(mandat.dataDir, email, 'Votre code de validation multifacteur est', count);
  const code = body.match(/Votre code de validation multifacteur est : (\d{6})/)[1];
  await page.getByLabel('Code de validation multifacteur').fill(code);
  await page.getByRole('button', { name: 'Valider' }).click();
}
