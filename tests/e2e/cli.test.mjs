// End-to-end (issue #16): the command and the app agree. The same fixtures
// in both: the summary's counts, the services CSV and the rewrite byte for
// byte; the command's HTML opens from file:// in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { withApp, openApp, screenshot, fixture, ROOT, tempDir } from './harness.mjs';

const env = withApp();
const BIN = path.join(ROOT, 'target/debug/lastaccessed');
const cli = (...args) => execFileSync(BIN, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return fs.readFileSync(await dl.path(), 'utf8');
}

test('the command and the app: same counts, same services CSV, same rewrite; its HTML opens from file://', async () => {
  assert.ok(fs.existsSync(BIN), `${BIN}: build the command first (cargo test builds it; make test does)`);
  const files = [fixture('xml/report.xml'), fixture('authz/boto3.json')];
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles(files);
  await page.getByTestId('rewrite-panel').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=pending]'));
  const summary = page.getByTestId('summary');
  const app = Object.fromEntries(await Promise.all(['services', 'recent', 'stale', 'never', 'actions', 'pages'].map(async (k) => [k, Number(await summary.getAttribute(`data-${k}`))])));
  const report = JSON.parse(cli('summary', '--json', ...files)).reports[0];
  assert.deepEqual({ services: report.services, recent: report.recent, stale: report.stale, never: report.never, actions: report.actions, pages: report.pages }, app);
  // Exports, byte for byte.
  assert.equal(cli('export', 'services', '--csv', ...files), await download(page, 'export-services-csv-all'));
  const dir = tempDir('cli-e2e');
  cli('rewrite', '-o', dir, ...files);
  assert.equal(fs.readFileSync(path.join(dir, 'lastaccessed-rewrite.json'), 'utf8'), await download(page, 'export-rewrite'));
  assert.equal(fs.readFileSync(path.join(dir, 'lastaccessed-apply.sh'), 'utf8'), await download(page, 'rewrite-script'));
  assert.equal(fs.readFileSync(path.join(dir, 'lastaccessed-policies.csv'), 'utf8'), await download(page, 'export-policies'));
  // The command's single file with the data, from file://.
  const html = path.join(dir, 'report.html');
  cli('html', '--template', path.join(ROOT, 'dist-single/lastaccessed.html'), '-o', html, ...files);
  const opened = await (await env.browser.newContext()).newPage();
  await opened.goto(pathToFileURL(html).href);
  await opened.waitForSelector(`[data-testid=summary][data-services="${app.services}"][data-never="${app.never}"]`);
  await screenshot(opened, 'e2e-cli-html');
  await opened.context().close();
  assert.deepEqual(problems, []);
});
