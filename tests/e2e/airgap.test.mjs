// Air-gapped and private: the single file runs from file://, neither build
// sends a request anywhere but its own files, the CSP is never violated, and
// nothing is stored in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, screenshot, fixture, ROOT } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page that records every request and every console error (CSP reports included). */
async function recordedPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`); });
  return { context, page, requests, problems };
}

/** Load the sample, upload two pages, sort, filter, export: a full session. */
async function session(page) {
  await page.getByTestId('sample-load').click();
  await page.waitForSelector('[data-testid=summary][data-pages="2"]');
  await page.getByTestId('file-input').setInputFiles([fixture('cli-v1/page-1.json'), fixture('encodings/page-2.json.gz')]);
  // Real files replace the sample.
  await page.waitForSelector('[data-testid=messages] >> text=bundled sample was removed');
  await page.waitForSelector('[data-testid=summary][data-reports="1"][data-pages="2"]');
  await page.locator('[data-testid=services-table] th[data-column=last-accessed] button').click();
  await page.waitForSelector('[data-testid=services-table] th[data-column=last-accessed][aria-sort=descending]');
  await page.getByTestId('status-filter-stale').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-services-csv').click()]);
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  assert.match(csv, /^service,namespace,/);
  await page.getByTestId('share').click();
  await page.getByTestId('copy-share-link').click();
  assert.match(await page.getByTestId('share-link').inputValue(), /#v1&.*d=/);
}

async function assertNothingStored(page) {
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: '', idb: 0 });
}

test('the single file works from file:// and fetches nothing', async () => {
  const file = path.join(ROOT, 'dist-single/lastaccessed.html');
  assert.ok(fs.existsSync(file), 'run `make build` first');
  const url = pathToFileURL(file).href;
  const { context, page, requests, problems } = await recordedPage();
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(url);
  await page.getByTestId('sample-load').waitFor();
  await session(page);
  await screenshot(page, 'e2e-single-file');
  // Files were parsed by the inlined worker (the page itself has no parser).
  // The engine worker, and a bounded pool of parse workers (at most one per
  // core), all from the inlined blob: script.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.ok(workers.length >= 2 && workers.length <= cores + 1 && workers.every((w) => w.startsWith('blob:')), `workers: ${workers}`);
  const foreign = requests.filter((r) => r !== url && !r.startsWith('data:') && !r.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'requests other than the file itself');
  const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').first().getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  await assertNothingStored(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('dist/ under a sub-path: only its own static files are requested', async () => {
  const server = await serve(path.join(ROOT, 'dist'), '/tools/lastaccessed/');
  try {
    const { context, page, requests, problems } = await recordedPage();
    await page.goto(server.url);
    await page.getByTestId('sample-load').waitFor();
    await session(page);
    const foreign = requests.filter((r) => !r.startsWith(server.url) && !r.startsWith('data:') && !r.startsWith('blob:'));
    assert.deepEqual(foreign, [], 'requests that left the page');
    // Every file came from under the sub-path, and the worker was used.
    assert.ok(server.requests.every((p) => p.startsWith('/tools/lastaccessed/')), server.requests.join(' '));
    assert.ok(server.requests.includes('/tools/lastaccessed/worker_bg.wasm'));
    const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').first().getAttribute('content');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /form-action 'none'/);
    // Once loaded, the page locked its own connections to one file (the
    // single-file app "Save as HTML" starts from): any other same-origin fetch is refused.
    assert.equal(await page.getByTestId('csp-lock').getAttribute('content'), `connect-src ${server.url}lastaccessed.html`);
    const fetched = await page.evaluate(() => fetch('./index.html').then(() => 'fetched', (e) => `refused: ${e.name}`));
    assert.match(fetched, /^refused/);
    // (The browser reports that refusal on the console: expected here, once.)
    const refusals = problems.filter((p) => /Refused to connect|Content Security Policy/.test(p));
    assert.ok(refusals.length >= 1, problems.join('\n'));
    problems.splice(0, problems.length, ...problems.filter((p) => !refusals.includes(p)));
    // ...and files still load through the pool's workers afterwards.
    await page.getByTestId('clear').click();
    await page.getByTestId('file-input').setInputFiles([fixture('cli-v2/page-1.json'), fixture('cli-v2/page-2.json')]);
    await page.waitForSelector('[data-testid=summary][data-pages="2"]');
    await assertNothingStored(page);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.close();
  }
});

/** Save as HTML, then open the saved file from file://: the same report, offline. */
async function saveAndReopen(page, expectServices) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-html').click()]);
  assert.match(dl.suggestedFilename(), /^lastaccessed-.*\.html$/);
  const saved = path.join(ROOT, 'target', `saved-${Date.now()}.html`);
  fs.copyFileSync(await dl.path(), saved);
  const html = fs.readFileSync(saved, 'utf8');
  assert.match(html, /<script type="application\/json" id="lastaccessed-embedded">/);
  // Redacted by default: the account ID is not in the file.
  assert.doesNotMatch(html.replace(/<script type="module">[\s\S]*<\/script>/, ''), /111122223333/);
  const url = pathToFileURL(saved).href;
  const { context, page: opened, requests, problems } = await recordedPage();
  await opened.goto(url);
  await opened.waitForSelector(`[data-testid=summary][data-services="${expectServices}"]`);
  const foreign = requests.filter((r) => r !== url && !r.startsWith(`${url}#`) && !r.startsWith('data:') && !r.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'the saved file fetches nothing');
  await screenshot(opened, 'e2e-saved-html');
  assert.deepEqual(problems, []);
  await context.close();
  fs.rmSync(saved);
}

test('Save as HTML: from the hosted app and from the single file, the saved file opens offline with the reports and the view', async () => {
  const server = await serve(path.join(ROOT, 'dist'), '/tools/lastaccessed/');
  try {
    const { context, page, problems } = await recordedPage();
    await page.goto(server.url);
    await page.getByTestId('file-input').setInputFiles([fixture('cli-v1/page-1.json'), fixture('cli-v1/page-2.json')]);
    await page.waitForSelector('[data-testid=summary][data-pages="2"]');
    const services = await page.getByTestId('summary').getAttribute('data-services');
    await saveAndReopen(page, services);
    // The only fetch the locked page may make went to the single file.
    assert.ok(server.requests.includes('/tools/lastaccessed/lastaccessed.html'), server.requests.join(' '));
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.close();
  }
  // From the single file itself (file://, nothing to fetch).
  const { context, page, problems } = await recordedPage();
  await page.goto(pathToFileURL(path.join(ROOT, 'dist-single/lastaccessed.html')).href);
  await page.getByTestId('file-input').setInputFiles([fixture('cli-v1/page-1.json'), fixture('cli-v1/page-2.json')]);
  await page.waitForSelector('[data-testid=summary][data-pages="2"]');
  await saveAndReopen(page, await page.getByTestId('summary').getAttribute('data-services'));
  // The comparison over time works from file:// too: bob three months apart.
  await page.getByTestId('file-input').setInputFiles([
    path.join(ROOT, 'tests/fixtures/authz/earlier/444455556666/users/bob/page-1.json'),
    path.join(ROOT, 'tests/fixtures/authz/444455556666/users/bob/page-1.json'),
  ]);
  await page.getByTestId('report-select').selectOption({ label: 'user/bob (444455556666) · created 2026-08-20T12:05:00Z' });
  await page.waitForSelector('[data-testid=compare-table] tr[data-namespace=s3][data-change=newly-used]');
  assert.deepEqual(problems, []);
  await context.close();
});
