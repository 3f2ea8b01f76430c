// A smoke run of the end-to-end suite in Firefox ESR (issue #17), through
// geckodriver with selenium-webdriver: the built dist/ served locally and the
// single file from file://. Sample, several pages uploaded, paste, sort both
// ways, threshold, CSV export, share link round trip, the keyboard path
// through a table, and no request leaving the page. Screenshots are saved as
// target/screenshots/firefox-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Builder, By, Key, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { serve, fixture, ROOT, SCREENSHOTS, tempDir } from '../e2e/harness.mjs';
import { generate } from '../e2e/generate.mjs';

// Never let Selenium Manager look for drivers online: the driver is given.
process.env.SE_OFFLINE = 'true';
const GECKODRIVER = process.env.GECKODRIVER ?? path.join(os.homedir(), '.cargo/bin/geckodriver');
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const downloads = tempDir('firefox');
let server;
let driver;

before(async () => {
  server = await serve(path.join(ROOT, 'dist'), '/tools/lastaccessed/');
  const options = new firefox.Options()
    .addArguments('-headless')
    .setBinary(FIREFOX)
    .windowSize({ width: 1280, height: 900 })
    .setPreference('browser.download.folderList', 2)
    .setPreference('browser.download.dir', downloads)
    .setPreference('browser.download.useDownloadDir', true)
    .setPreference('browser.download.always_ask_before_handling_new_types', false)
    // Firefox's downloads panel opens after a download and takes the
    // keyboard focus from the page (its own UI, not the app's): keep it shut
    // so the keyboard path after the CSV export is the page's.
    .setPreference('browser.download.alwaysOpenPanel', false)
    .setPreference('browser.helperApps.neverAsk.saveToDisk', 'text/csv,application/json,text/html');
  driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER)).build();
});
after(async () => {
  await driver?.quit();
  await server?.close();
});

const css = (s) => By.css(s);
const byTestId = (id) => css(`[data-testid="${id}"]`);
const waitFor = (selector, ms = 30_000) => driver.wait(until.elementLocated(css(selector)), ms, `waiting for ${selector}`);
const attr = async (selector, name) => (await driver.findElement(css(selector))).getAttribute(name);
async function shot(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, `firefox-${name}.png`), await driver.takeScreenshot(), 'base64');
}
/** Resources the page loaded that are not its own, a data: or a blob: URL. */
async function foreign(base) {
  const urls = await driver.executeScript('return performance.getEntriesByType("resource").map((e) => e.name)');
  return urls.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'));
}
/** A file Firefox saved into the download folder (waits until it is complete). */
async function downloaded(name) {
  const file = path.join(downloads, name);
  await driver.wait(() => fs.existsSync(file) && !fs.existsSync(`${file}.part`) && fs.statSync(file).size > 0, 20_000, `download ${name}`);
  return fs.readFileSync(file, 'utf8');
}
const order = async () => driver.executeScript(
  'return [...document.querySelectorAll("[data-testid=services-table] tbody tr[data-namespace]")].map((r) => r.dataset.namespace)');

test('the hosted app in Firefox: sample, pages, paste, sort, threshold, CSV, share link, keyboard', async () => {
  await driver.get(server.url);
  await waitFor('[data-testid=sample-load]');
  await driver.findElement(byTestId('sample-load')).click();
  await waitFor('[data-testid=summary][data-pages="2"]');
  await shot('sample');

  // Several pages at once (geckodriver takes them newline-separated). They
  // replace the sample, also one report of two pages: wait for their own
  // service count, and for the table to show every one of them.
  const sampleServices = await attr('[data-testid=summary]', 'data-services');
  await driver.findElement(byTestId('file-input')).sendKeys([fixture('cli-v1/page-1.json'), fixture('cli-v1/page-2.json')].join('\n'));
  await driver.wait(async () => {
    const n = await attr('[data-testid=summary]', 'data-services').catch(() => null);
    return n !== null && n !== sampleServices && (await order()).length === Number(n);
  }, 30_000, 'the two pages shown in place of the sample');
  await waitFor('[data-testid=summary][data-reports="1"][data-pages="2"]');
  const services = Number(await attr('[data-testid=summary]', 'data-services'));
  assert.ok(services > 0);

  // Sort both ways: descending is ascending reversed (distinct times).
  const header = '[data-testid=services-table] th[data-column=last-accessed]';
  const asc = await order();
  await driver.findElement(css(`${header} button`)).click();
  await waitFor(`${header}[aria-sort=descending]`);
  const desc = await order();
  assert.equal(desc[0], asc[asc.length - 1]);
  await driver.findElement(css(`${header} button`)).click();
  await waitFor(`${header}[aria-sort=ascending]`);

  // Threshold: everything used becomes recent.
  // As a user does: into the field, select all, type.
  const days = await driver.findElement(byTestId('threshold-days'));
  await days.click();
  await driver.actions().keyDown(Key.CONTROL).sendKeys('a').keyUp(Key.CONTROL).sendKeys('10000').perform();
  await waitFor('[data-testid=summary][data-stale="0"]');

  // CSV export, as the table shows it.
  await driver.findElement(byTestId('export-services-csv-all')).click();
  await driver.wait(() => fs.readdirSync(downloads).some((f) => f.endsWith('.csv')), 20_000, 'the CSV download');
  const csv = await downloaded(fs.readdirSync(downloads).find((f) => f.endsWith('.csv')));
  assert.match(csv, /^service,namespace,/);
  assert.equal(csv.trim().split('\n').length, services + 1);

  // Paste: a bad paste names its source and place, the data stays.
  await driver.executeScript('document.querySelector("details.paste").open = true');
  await driver.findElement(byTestId('paste-input')).sendKeys('{"JobStatus": "COMPLETED",\n  oops}');
  await driver.findElement(byTestId('paste-load')).click();
  const alert = await waitFor('[data-testid=messages] [role=alert]');
  assert.match(await alert.getText(), /pasted text.*line 2/s);
  assert.equal(Number(await attr('[data-testid=summary]', 'data-services')), services);

  // By keyboard: the skip link reaches the services table, the arrows move,
  // Enter selects a service (its actions alone are shown).
  // The skip links show when focused (as tabbing reaches them).
  await driver.executeScript('document.querySelector("[data-testid=skip-link]").focus()');
  await driver.actions().sendKeys(Key.ENTER).perform();
  const first = await driver.executeScript('return document.activeElement.dataset.namespace');
  assert.ok(first, `a row has focus, not ${await driver.executeScript('const a = document.activeElement; return a.tagName + " " + a.outerHTML.slice(0, 120)')}`);
  await driver.actions().sendKeys(Key.ARROW_DOWN).perform();
  const second = await driver.executeScript('return document.activeElement.dataset.namespace');
  assert.notEqual(second, first);
  await driver.actions().sendKeys(Key.ENTER).perform();
  await waitFor('[data-testid=actions-filter]');
  await shot('keyboard');

  // Share link round trip: the link opens the same report in a fresh page.
  await driver.findElement(byTestId('share')).click();
  await waitFor('[data-testid=share-link][data-redacted=true]');
  const link = await driver.findElement(byTestId('share-link')).getAttribute('value');
  assert.match(link, /#v1&.*d=/);
  await driver.get('about:blank');
  await driver.get(link);
  await waitFor(`[data-testid=summary][data-services="${services}"]`);
  await shot('shared');

  assert.deepEqual(await foreign(server.url), [], 'no request left the page');
  assert.ok(server.requests.every((p) => p.startsWith('/tools/lastaccessed/')), server.requests.join(' '));
});

test('the single file in Firefox, from file://: its blob: workers parse, nothing is fetched', async () => {
  const url = pathToFileURL(path.join(ROOT, 'dist-single/lastaccessed.html')).href;
  await driver.get(url);
  await waitFor('[data-testid=sample-load]');
  await driver.findElement(byTestId('file-input')).sendKeys([fixture('cli-v2/page-1.json'), fixture('cli-v2/page-2.json')].join('\n'));
  await waitFor('[data-testid=summary][data-pages="2"]');
  assert.equal(await driver.executeScript('return document.documentElement.dataset.worker.startsWith("blob:")'), true);
  assert.deepEqual(await foreign(url), []);
  await shot('single-file');

  // A 13 MB array of pages, not read by the page: its blob: workers read
  // the File themselves, in parts side by side (from 8 MB, two cores).
  const { file } = generate(path.join(os.tmpdir(), 'lastaccessed-parts.json'), { services: 400, actions: 180 });
  assert.ok(await driver.executeScript('return navigator.hardwareConcurrency') > 1);
  await driver.findElement(byTestId('file-input')).sendKeys(file);
  await waitFor('[data-testid=summary][data-pages="4"][data-services="400"]', 60_000);
  assert.equal(await attr('[data-testid=summary]', 'data-actions'), String(400 * 180));
  assert.equal((await driver.findElements(css('[data-testid=pending]'))).length, 0);
  assert.equal((await driver.findElements(css('[data-testid=messages] [role=alert]'))).length, 0);
  assert.deepEqual(await foreign(url), []);
  await shot('single-file-parts');
});
