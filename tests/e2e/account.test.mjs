// End-to-end: a whole account (issue #15) — 200 principals as the collection
// script saves them, opened as a folder and as a zip — in the fleet view:
// counts as generated, filters, sort, CSV, and opening a principal by
// mouse and by keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { withApp, openApp, screenshot, ROOT, tempDir } from './harness.mjs';
import { generateAccount } from './generate.mjs';

const env = withApp();
const dir = tempDir('account');
const acct = generateAccount(dir);

const rows = (page) => page.$$eval('[data-testid=fleet-table] tbody tr.row:not(.pending-row)', (rs) => rs.map((r) => ({ ...r.dataset })));

async function fleetLoaded(page) {
  await page.waitForFunction((n) => document.querySelector('[data-testid=fleet-table]')?.getAttribute('aria-rowcount') === String(n + 1)
    && !document.querySelector('[data-testid=pending]'), acct.total, { timeout: 60_000 });
}

async function checkCounts(page) {
  assert.match(await page.getByTestId('fleet-summary').textContent(),
    new RegExp(`^${acct.total} principals; ${acct.unused} used nothing in the last 90 days`));
  const shown = await rows(page);
  assert.equal(shown.length, acct.total, 'all 200 rows are in the page (at the windowing bound)');
  const byArn = Object.fromEntries(shown.map((r) => [r.principal, r]));
  for (const p of acct.principals) {
    const r = byArn[p.arn];
    assert.ok(r, `${p.arn} has a row`);
    assert.deepEqual([r.kind, r.used, r.granted, r.unused], [p.kind, String(p.used), String(p.granted), String(p.unused)], p.arn);
  }
  // Unused principals first (the default sort: fewest used).
  assert.ok(shown.slice(0, acct.unused).every((r) => r.unused === 'true'));
}

test('a folder of 200 principals: the fleet counts what was generated, filters, sorts, exports, opens a principal by mouse and keyboard', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('folder-input').setInputFiles(acct.base);
  await fleetLoaded(page);
  await checkCounts(page);
  // errors.txt was empty: no message; hidden .complete files are not reports.
  assert.doesNotMatch(await page.getByTestId('messages').textContent(), /errors\.txt|\.complete/);
  await screenshot(page, 'e2e-fleet');
  await page.getByTestId('fleet').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-fleet-table.png') });

  // Filters: kind, only unused, text.
  await page.getByTestId('fleet-kind').selectOption('group');
  await page.waitForFunction(() => document.querySelector('[data-testid=fleet-table]').getAttribute('aria-rowcount') === '21');
  assert.ok((await rows(page)).every((r) => r.kind === 'group' && r.principal.includes(':group/')));
  await page.getByTestId('fleet-kind').selectOption('');
  await page.getByTestId('fleet-only-unused').check();
  await page.waitForFunction((n) => document.querySelector('[data-testid=fleet-table]').getAttribute('aria-rowcount') === String(n + 1), acct.unused);
  assert.ok((await rows(page)).every((r) => r.unused === 'true'));
  await page.getByTestId('fleet-only-unused').uncheck();
  await page.getByTestId('fleet-search').fill('person-01');
  await page.waitForFunction(() => document.querySelector('[data-testid=fleet-table]').getAttribute('aria-rowcount') === '11');
  await page.getByTestId('fleet-search').fill('');
  await fleetLoaded(page);

  // Sort by services used, most first.
  const usedHeader = page.locator('[data-testid=fleet-table] th[data-column=used] button');
  await usedHeader.click();
  await page.waitForFunction(() => document.querySelector('[data-testid=fleet-table] th[data-column=used]').getAttribute('aria-sort') === 'descending');
  const desc = (await rows(page)).map((r) => Number(r.used));
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));

  // CSV: a row per principal, the same counts.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-fleet').click()]);
  assert.equal(dl.suggestedFilename(), 'lastaccessed-fleet.csv');
  const lines = fs.readFileSync(await dl.path(), 'utf8').trim().split('\n');
  assert.equal(lines.length, acct.total + 1);
  assert.equal(lines.filter((l) => l.split(',')[11] === 'true').length, acct.unused);

  // A click opens that principal's report.
  const target = acct.principals.find((p) => p.kind === 'user' && !p.unused);
  await page.locator(`[data-testid=fleet-table] tr[data-principal="${target.arn}"]`).click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=summary]')?.textContent.includes(n), target.arn.split(':').pop());
  // By keyboard: the skip link reaches the fleet; arrows move; Enter opens.
  await page.getByTestId('skip-link').filter({ hasText: 'Fleet' }).focus();
  await page.keyboard.press('Enter');
  const first = await page.evaluate(() => document.activeElement.dataset.principal);
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => document.activeElement.dataset.principal);
  assert.notEqual(first, second);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('[data-testid=summary]')?.textContent.includes(n), second.split(':').pop());
  assert.deepEqual(problems, []);
});

test('the same account as a zip loads the same fleet', async () => {
  const zip = path.join(dir, 'account.zip');
  execFileSync('python3', ['-c', `import shutil; shutil.make_archive(${JSON.stringify(zip.replace(/\.zip$/, ''))}, 'zip', ${JSON.stringify(dir)}, ${JSON.stringify(path.basename(acct.base))})`]);
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles(zip);
  await fleetLoaded(page);
  await checkCounts(page);
  assert.match(await page.getByTestId('loaded-files').textContent(), /account\.zip\//);
  assert.deepEqual(problems, []);
});

test('two reports of one principal from different dates: what changed, both ways, by keyboard too', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([
    path.join(ROOT, 'tests/fixtures/authz/earlier/444455556666/users/bob/page-1.json'),
    path.join(ROOT, 'tests/fixtures/authz/444455556666/users/bob/page-1.json'),
  ]);
  await page.getByTestId('compare-table').waitFor();
  const changes = async () => Object.fromEntries(await page.$$eval('[data-testid=compare-table] tbody tr', (rs) => rs.map((r) => [r.dataset.namespace, r.dataset.change])));
  const expected = { s3: 'newly-used', dynamodb: 'newly-stale', ec2: 'newly-never', glue: 'added', sqs: 'removed' };
  assert.deepEqual(await changes(), expected);
  assert.match(await page.getByTestId('compare-summary').textContent(), /1 newly used, 1 went stale, 1 no longer used at all, 1 newly granted, 1 no longer granted; 2 unchanged/);
  await page.getByTestId('compare').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-compare.png') });
  // Unchanged services on request.
  await page.getByTestId('compare-show-same').click();
  assert.equal((await changes()).cloudwatch, 'same');
  // The skip link reaches it; the other report opens from it, by keyboard.
  await page.getByTestId('skip-link').filter({ hasText: 'Over time' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'compare-title');
  const before = await page.getByTestId('compare-summary').textContent();
  await page.getByTestId('compare-open-other').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => document.querySelector('[data-testid=compare-summary]')?.textContent !== b, before);
  assert.match(await page.getByTestId('compare-summary').textContent(), /the earlier/);
  assert.deepEqual(await changes(), expected);
  assert.deepEqual(problems, []);
});

test('a service judged by its own threshold, set by keyboard, kept in the link', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([path.join(ROOT, 'tests/fixtures/authz/444455556666/users/bob/page-1.json')]);
  await page.waitForSelector('[data-testid=services-table] tr[data-namespace=dynamodb][data-status=stale]');
  // A service's display name is no namespace: the form refuses it and says
  // what it wants, and nothing is set.
  await page.getByTestId('service-threshold-ns').fill('Amazon DynamoDB');
  await page.getByTestId('service-threshold-days').fill('365');
  await page.getByTestId('service-threshold-days').press('Enter');
  assert.equal(await page.getByTestId('service-threshold-ns').evaluate((el) => el.validity.patternMismatch), true);
  assert.match(await page.getByTestId('service-threshold-ns').getAttribute('title'), /as s3 or bedrock-agent/);
  assert.equal(await page.getByTestId('service-threshold').count(), 0);
  assert.equal(await page.getByTestId('service-threshold-ns').inputValue(), 'Amazon DynamoDB', 'kept to correct');
  // dynamodb was last used 226 days before the report: stale at 90 days, recent at 365.
  await page.getByTestId('service-threshold-ns').fill(' DynamoDB ');
  await page.getByTestId('service-threshold-days').fill('365');
  await page.getByTestId('service-threshold-days').press('Enter');
  await page.waitForSelector('[data-testid=services-table] tr[data-namespace=dynamodb][data-status=recent]');
  assert.equal(await page.locator('[data-testid=service-threshold][data-namespace=dynamodb]').getAttribute('data-days'), '365');
  // Every other service keeps the report's threshold.
  assert.equal(await page.locator('[data-testid=services-table] tr[data-status=recent]').count(), 3);
  await page.waitForFunction(() => location.hash.includes('ts=dynamodb%3A365'));
  // The chip's × goes back to the report's threshold.
  await page.locator('[data-testid=service-threshold][data-namespace=dynamodb] button').click();
  await page.waitForSelector('[data-testid=services-table] tr[data-namespace=dynamodb][data-status=stale]');
  assert.deepEqual(problems, []);
});

test('two collections of the account, 60 days apart: one row per principal, with what went stale since', async () => {
  const later = generateAccount(tempDir('later'), { laterBy: 60 });
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('folder-input').setInputFiles(acct.base);
  await fleetLoaded(page);
  await page.getByTestId('folder-input').setInputFiles(later.base);
  await page.waitForFunction(() => document.querySelector('[data-testid=fleet-table] th[data-column=changes]') && !document.querySelector('[data-testid=pending]'), null, { timeout: 60_000 });
  await fleetLoaded(page);
  const shown = await page.$$eval('[data-testid=fleet-table] tbody tr.row:not(.pending-row)', (rs) => rs.map((r) => ({
    principal: r.dataset.principal, used: r.dataset.used, changes: r.querySelector('[data-changes]')?.dataset.changes,
  })));
  assert.equal(shown.length, acct.total, 'one row per principal, not per report');
  const byArn = Object.fromEntries(shown.map((r) => [r.principal, r]));
  for (const p of later.principals) {
    // The newest collection is the row; what was recent then and is not now went stale.
    const wentStale = p.ages.filter((d) => d <= 90 && d + 60 > 90).length;
    assert.deepEqual([byArn[p.arn].used, byArn[p.arn].changes], [String(p.used), String(wentStale)], p.arn);
  }
  await page.getByTestId('fleet').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-fleet-over-time.png') });
  assert.deepEqual(problems, []);
});

test('in the windowed fleet, a principal with every flag shows each of them, even in a narrow column', async () => {
  // A role IAM Identity Center provisions whose report used nothing and
  // says more pages exist: unused, incomplete and Identity Center.
  const role = 'arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnlyAnalysts_0123456789abcdef';
  const file = path.join(tempDir('flags'), 'sso-unused.json');
  fs.writeFileSync(file, JSON.stringify({
    JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', JobCreationDate: '2026-11-01T00:00:00Z',
    JobCompletionDate: '2026-11-01T00:01:00Z', IsTruncated: true, Marker: 'next-page',
    'x-lastaccessed-principal': role,
    ServicesLastAccessed: [
      { ServiceName: 'Amazon Athena', ServiceNamespace: 'athena', TotalAuthenticatedEntities: 0 },
      { ServiceName: 'AWS Glue', ServiceNamespace: 'glue', TotalAuthenticatedEntities: 0 },
    ],
  }, null, 4));
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.setViewportSize({ width: 900, height: 800 });
  await page.getByTestId('folder-input').setInputFiles(acct.base);
  await fleetLoaded(page);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('fleet-search').fill('ReadOnlyAnalysts');
  const row = page.locator(`[data-testid=fleet-table] tbody tr[data-principal="${role}"]`);
  await row.waitFor();
  assert.ok(await page.locator('[data-testid=fleet] .table-wrap.virtual').count(), 'the fleet is windowed (fixed row heights)');
  const cell = row.locator('td').first();
  const box = await cell.boundingBox();
  const flags = await cell.locator('.flag').all();
  assert.deepEqual(await Promise.all(flags.map((f) => f.textContent())), ['unused', 'incomplete', 'Identity Center']);
  for (const f of flags) {
    const b = await f.boundingBox();
    const name = await f.textContent();
    // Inside the cell, and wide enough to be seen (its whole text is in its title and the DOM).
    assert.ok(b.x + b.width <= box.x + box.width + 0.5, `${name} ends inside the cell (${b.x + b.width} > ${box.x + box.width})`);
    assert.ok(b.y + b.height <= box.y + box.height + 0.5, `${name} is on a line the row shows`);
    assert.ok(b.width >= 24, `${name} is ${b.width}px wide`);
    assert.ok(await f.getAttribute('title'), `${name} says what it means on hover`);
  }
  await page.getByTestId('fleet').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-fleet-flags-narrow.png') });
  assert.deepEqual(problems, []);
});
