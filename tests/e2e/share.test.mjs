// Share links: the view follows the URL fragment, a link with data opens the
// same report elsewhere, redaction leaves no account ID, damaged links explain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { withApp, openApp, screenshot, fixture } from './harness.mjs';

const env = withApp();

const summary = (page) => page.getByTestId('summary').evaluate((el) => ({ ...el.dataset }));
const firstRows = (page) => page.$$eval('[data-testid=services-table] tbody tr', (rs) => rs.slice(0, 5).map((r) => [r.dataset.namespace, r.dataset.status, r.querySelector('.time .abs').textContent]));

test('a link with data and view opens the same report in a new page; redacted links hide account IDs', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  const historyLength = await page.evaluate(() => history.length);
  await page.getByTestId('file-input').setInputFiles([fixture('cli-v1/page-1.json'), fixture('cli-v1/page-2.json')]);
  await page.waitForSelector('[data-testid=summary][data-pages="2"]');
  await page.getByTestId('threshold-days').fill('10');
  await page.locator('[data-testid=services-table] th[data-column=name] button').click();
  await page.getByTestId('status-filter-stale').click();
  await page.waitForSelector('[data-testid=services-table] th[data-column=name][aria-sort=ascending]');
  // The fragment follows the view (once it stays the same for a moment),
  // without adding history entries.
  await page.waitForFunction(() => location.hash.includes('st=stale'));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#v1&/);
  assert.match(hash, /t=10/);
  assert.match(hash, /ss=name\.asc/);
  assert.match(hash, /st=stale/);
  assert.equal(await page.evaluate(() => history.length), historyLength, 'replaceState, not pushState');

  await page.getByTestId('share').click();
  const redactions = await page.getByTestId('share-redactions').textContent();
  assert.match(redactions, /111122223333/);
  assert.match(redactions, /user\/alice/);
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(!link.includes('111122223333'));
  const before = await summary(page);
  const rows = await firstRows(page);
  await screenshot(page, 'e2e-share');

  // Open the copied link in a fresh page: same summary, same first rows, no file.
  const other = await openApp(env.browser, link);
  await other.page.waitForSelector('[data-testid=summary]');
  const after = await summary(other.page);
  for (const k of ['services', 'actions', 'never', 'stale', 'recent', 'complete', 'shown-services']) assert.equal(after[k], before[k], k);
  assert.deepEqual(await firstRows(other.page), rows);
  assert.equal(await other.page.getByTestId('threshold-days').inputValue(), '10');
  // Redacted: no account ID or principal name anywhere on the page.
  const text = await other.page.locator('body').textContent();
  assert.ok(!text.includes('111122223333') && !text.includes('alice'), 'redacted link shows no account ID or name');
  assert.match(text, /user\/redacted-1/);

  // A label the user types is part of the view: kept in an unredacted link
  // (and so across a reload), left out of a redacted one.
  await page.getByTestId('report-label').fill('alice & co = ops/#1');
  await page.getByTestId('report-label').press('Enter');
  await page.waitForFunction(() => location.hash.includes('l0='));
  assert.ok(await page.getByTestId('share-labels-dropped').isVisible());
  assert.ok(!(await page.getByTestId('share-link').inputValue()).includes('l0='));
  await page.getByTestId('share-redact').uncheck();
  // The engine makes the new link: the field says which one it holds.
  await page.waitForSelector('[data-testid=share-link][data-redacted=false]');
  const unredacted = await page.getByTestId('share-link').inputValue();
  assert.match(unredacted, /&l0=/);
  const labelled = await openApp(env.browser, unredacted);
  await labelled.page.waitForSelector('[data-testid=summary]');
  assert.equal(await labelled.page.locator('.report-title').textContent(), 'alice & co = ops/#1');
  await labelled.page.reload();
  await labelled.page.waitForSelector('[data-testid=summary]');
  assert.equal(await labelled.page.locator('.report-title').textContent(), 'alice & co = ops/#1');
  assert.deepEqual(labelled.problems, []);
  // An empty label gives the default back.
  await page.getByTestId('report-label').fill('');
  await page.getByTestId('report-label').press('Enter');
  await page.waitForFunction(() => !location.hash.includes('l0='));

  // Unredacted links keep the names.
  await page.getByTestId('share-redact').uncheck();
  const plain = await page.getByTestId('share-link').inputValue();
  const third = await openApp(env.browser, plain);
  await third.page.waitForSelector('[data-testid=summary]');
  assert.match(await third.page.locator('.report-title').textContent(), /user\/alice \(111122223333\)/);
  // Sample-sized links stay short.
  assert.ok(link.length < 8000, `${link.length} characters`);
  assert.deepEqual([...problems, ...other.problems, ...third.problems], []);
});

test('after Clear, a share link carries only what was loaded since (by keyboard)', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  // A role's report, shared (redacted, as the panel opens); then cleared
  // and a user's report loaded in its place, and shared the same way.
  const share = async () => {
    await page.getByTestId('share').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=share-link][data-redacted=true]');
    return page.getByTestId('share-link').inputValue();
  };
  await page.getByTestId('file-input').setInputFiles([fixture('xml/report.xml')]);
  await page.waitForSelector('[data-testid=summary]');
  await share();
  await page.getByTestId('clear').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=summary]', { state: 'detached' });
  await page.getByTestId('file-input').setInputFiles([fixture('cli-v1/page-1.json')]);
  await page.waitForSelector('[data-testid=summary]');
  const other = await openApp(env.browser, await share());
  await other.page.waitForSelector('[data-testid=summary]');
  const title = await other.page.locator('.report-title').textContent();
  assert.match(title, /^user\/redacted-1/, 'the user loaded after Clear, not the role cleared');
  await screenshot(other.page, 'e2e-share-after-clear');
  assert.deepEqual([...problems, ...other.problems], []);
});

test('the sample report fits in a short link', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('sample-load').click();
  await page.waitForSelector('[data-testid=summary]');
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  console.log(`# share link for the sample report (redacted): ${link.length} characters (${link.length - link.indexOf('#')} in the fragment)`);
  assert.ok(link.length - link.indexOf('#') < 2500, `${link.length}`);
  assert.equal(await page.getByTestId('share-too-long').count(), 0);
  assert.ok(link.startsWith(env.server.url));
  assert.deepEqual(problems, []);
});

test('a view-only link applies to loaded data; damaged and foreign links explain themselves', async () => {
  const { page, problems } = await openApp(env.browser, `${env.server.url}#v1&q=lambda&t=30`);
  await page.getByTestId('sample-load').click();
  await page.waitForSelector('[data-testid=summary]');
  assert.equal(await page.getByTestId('search').inputValue(), 'lambda');
  assert.equal(await page.getByTestId('threshold-days').inputValue(), '30');

  for (const [hash, needle] of [['#v1&d=AAAA-broken', /share link.*damaged/], ['#v7&t=1', /newer version/], ['#something-else', /not a lastaccessed view/]]) {
    const p = await openApp(env.browser, `${env.server.url}${hash}`);
    const alert = p.page.locator('[data-testid=messages] [role=alert]');
    await alert.first().waitFor();
    assert.match(await alert.first().textContent(), needle);
    // The page still works.
    await p.page.getByTestId('sample-load').click();
    await p.page.waitForSelector('[data-testid=summary]');
  }
  assert.deepEqual(problems, []);
});
