// End-to-end: from tables to decisions — search, filters, chart, exports,
// policy, matrix, print and dark mode — in the built app in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { withApp, openApp, screenshot, fixture, ROOT } from './harness.mjs';
import { generate } from './generate.mjs';

const env = withApp();

const SAMPLE = ['sample-page-1.json', 'sample-page-2.json'].map((f) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/sample', f), 'utf8')));
const SERVICES = SAMPLE.flatMap((p) => p.ServicesLastAccessed);

const summary = (page) => page.getByTestId('summary').evaluate((el) => ({ ...el.dataset }));
const namespaces = (page, table = 'services-table') =>
  page.$$eval(`[data-testid=${table}] tbody tr`, (rs) => rs.map((r) => r.dataset.namespace));
const statuses = (page, table = 'services-table') =>
  page.$$eval(`[data-testid=${table}] tbody tr`, (rs) => rs.map((r) => r.dataset.status));

async function loadSample(page) {
  await page.getByTestId('sample-load').click();
  await page.waitForSelector('[data-testid=summary][data-pages="2"]');
}

async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

test('search, status chips, chart bars and "/" narrow both tables', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await loadSample(page);
  const total = await summary(page);

  // "/" focuses the search box.
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'search');
  await page.keyboard.type('lambda');
  const want = SERVICES.filter((s) => [s.ServiceName, s.ServiceNamespace, s.LastAuthenticatedEntity ?? '', s.LastAuthenticatedRegion ?? '',
    ...(s.TrackedActionsLastAccessed ?? []).map((a) => `${s.ServiceNamespace}:${a.ActionName}`)].some((f) => f.toLowerCase().includes('lambda')));
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${want.length}"]`);
  assert.deepEqual((await namespaces(page)).sort(), want.map((s) => s.ServiceNamespace).sort());
  assert.ok((await namespaces(page, 'actions-table')).every((ns) => ns === 'lambda'));
  assert.match(await page.getByTestId('shown-count').textContent(), new RegExp(`Showing ${want.length} of ${total.services} services`));
  // The active filter is a removable chip.
  await page.getByTestId('active-filter').filter({ hasText: 'text: lambda' }).click();
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${total.services}"]`);

  // Status chip: only stale services, as many as the summary counts.
  await page.getByTestId('status-filter-stale').click();
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${total.stale}"]`);
  assert.ok((await statuses(page)).every((s) => s === 'stale'));
  assert.equal(await page.getByTestId('status-filter-stale').getAttribute('aria-pressed'), 'true');
  assert.ok((await statuses(page, 'actions-table')).every((s) => s === 'stale'));
  await page.getByTestId('status-filter-stale').click();
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${total.services}"]`);

  // Chart: the never bar counts the never-used services; clicking it filters.
  const never = page.locator('[data-testid=age-chart] [data-bucket=never]');
  assert.equal(await never.getAttribute('data-count'), total.never);
  const bars = await page.$$eval('[data-testid=age-chart] [data-bucket]', (bs) => bs.map((b) => Number(b.dataset.count)));
  assert.equal(bars.reduce((a, b) => a + b, 0), Number(total.services));
  await never.click();
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${total.never}"]`);
  assert.ok((await statuses(page)).every((s) => s === 'never'));
  await screenshot(page, 'e2e-chart-filter');
  await page.locator('[data-testid=age-chart]').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-chart.png') });
  await never.click();
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${total.services}"]`);

  // Keyboard: arrow keys move between service rows.
  await page.locator('[data-testid=services-table] tbody tr').first().focus();
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement.dataset.namespace);
  assert.equal(focused, (await namespaces(page))[1]);
  assert.deepEqual(problems, []);
});

test('CSV and JSON exports hold what the tables show', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await loadSample(page);
  const total = await summary(page);
  await page.getByTestId('status-filter-stale').click();
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${total.stale}"]`);
  const shown = await namespaces(page);

  const { name, text } = await download(page, 'export-services-csv');
  // The sample says so in its file names too.
  assert.match(name, /^Sample-role-ci-deployer-123456789012-services\.csv$/);
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'service,namespace,last_accessed_utc,age_days,status,entity,region,total_authenticated_entities,tracked_actions_used,tracked_actions_total,tracked_actions_recent');
  assert.equal(lines.length - 1, shown.length);
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[1]), shown, 'same rows, same order');
  assert.ok(lines.slice(1).every((l) => l.split(',')[4] === 'stale'));
  assert.ok(lines.slice(1).every((l) => /,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,\d+,/.test(l)));

  const all = await download(page, 'export-services-csv-all');
  assert.equal(all.text.trim().split('\n').length - 1, SERVICES.length);
  const actions = await download(page, 'export-actions-csv');
  assert.ok(actions.text.trim().split('\n').slice(1).every((l) => l.includes(',stale,')));

  const json = JSON.parse((await download(page, 'export-json')).text);
  assert.equal(json.ServicesLastAccessed.length, SERVICES.length);
  assert.equal(json.IsTruncated, false);
  assert.equal(json.JobCreationDate, '2026-11-02T09:14:27.123Z');
  assert.deepEqual(problems, []);
});

test('the policy suggestion denies exactly the unused services', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await loadSample(page);
  const policy = JSON.parse(await page.getByTestId('policy-output').textContent());
  const rows = await page.$$eval('[data-testid=services-table] tbody tr', (rs) => rs.map((r) => [r.dataset.namespace, r.dataset.status]));
  const unused = rows.filter(([, s]) => s !== 'recent').map(([ns]) => `${ns}:*`).sort();
  assert.equal(policy.Version, '2012-10-17');
  assert.equal(policy.Statement[0].Effect, 'Deny');
  assert.deepEqual(policy.Statement[0].Action, unused);
  assert.ok(rows.filter(([, s]) => s === 'recent').every(([ns]) => !policy.Statement[0].Action.includes(`${ns}:*`)));
  assert.match(await page.locator('.policy .review').textContent(), /Review before applying/);
  // Three deny shapes and the used-permissions document, each saying where it goes.
  const shapes = await page.$$eval('[data-testid=policy-shape]', (els) => els.map((e) => ({
    shape: e.dataset.shape,
    placement: e.querySelector('[data-testid=policy-placement]').textContent,
    doc: e.querySelector('pre') && JSON.parse(e.querySelector('pre').textContent),
  })));
  assert.deepEqual(shapes.map((s) => s.shape), ['deny-on-principal', 'boundary', 'scp', 'allow-used']);
  const byShape = Object.fromEntries(shapes.map((s) => [s.shape, s]));
  assert.match(byShape['deny-on-principal'].placement, /Attach to arn:aws:iam::\d+:(user|role)\//);
  // A boundary keeps what the policies grant (Allow *) and takes the unused away.
  assert.deepEqual(byShape.boundary.doc.Statement.map((st) => [st.Effect, st.Action]), [['Allow', '*'], ['Deny', unused]]);
  assert.match(byShape.boundary.placement, /permissions boundary/);
  // The SCP is scoped to this principal (its ARN shows no IAM path: matched
  // with any path too, the same principal).
  const principal = (await page.getByTestId('principal').textContent()).trim();
  const anyPath = principal.replace(/:(user|role)\//, ':$1/*/');
  assert.deepEqual(byShape.scp.doc.Statement[0].Condition.ArnLike['aws:PrincipalArn'], [principal, anyPath]);
  assert.match(byShape.scp.placement, /AWS Organizations/);
  // The used permissions are a real Allow policy document.
  assert.equal(byShape['allow-used'].doc.Version, '2012-10-17');
  assert.ok(byShape['allow-used'].doc.Statement.every((st) => st.Effect === 'Allow'));
  assert.doesNotMatch(await page.locator('.policy').textContent(), /as a permissions boundary or an SCP/);
  assert.match(await page.getByTestId('caveats').textContent(), /iam:PassRole/);
  // A wider threshold denies less.
  await page.getByTestId('threshold-days').fill('400');
  await page.waitForFunction((n) => JSON.parse(document.querySelector('[data-testid=policy-output]').textContent).Statement[0].Action.length < n, unused.length);
  await page.locator('.policy').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-policy.png') });
  assert.deepEqual(problems, []);
});

test('the sample is marked beside real data and replaced by real files', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await loadSample(page);
  assert.match(await page.locator('.report-title').textContent(), /^Sample: /);
  await page.getByTestId('file-input').setInputFiles([fixture('cli-v1/page-1.json'), fixture('cli-v1/page-2.json')]);
  await page.waitForSelector('[data-testid=messages] >> text=bundled sample was removed');
  await page.waitForSelector('[data-testid=summary][data-reports="1"]');
  assert.doesNotMatch(await page.locator('.report-title').textContent(), /Sample/);
  assert.match(await page.getByTestId('loaded-files').textContent(), /page-1\.json, page-2\.json/);
  // Asked for again, it comes back beside them, marked in the switcher.
  await page.getByTestId('sample-load').click();
  await page.waitForSelector('[data-testid=summary][data-reports="2"]');
  const options = await page.getByTestId('report-select').locator('option').allTextContents();
  assert.equal(options.filter((o) => o.startsWith('Sample: ')).length, 1, options.join(' | '));
  assert.equal(options.filter((o) => !o.startsWith('Sample: ')).length, 1, options.join(' | '));
  assert.deepEqual(problems, []);
});

test('several principals compare in the matrix', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([fixture('cli-v1/page-1.json'), fixture('cli-v1/page-2.json')]);
  // Both pages in: a real file that arrives after the sample replaces it
  // (by design), which made this test fail now and then on a busy machine.
  await page.waitForSelector('[data-testid=summary][data-reports="1"][data-pages="2"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=pending]'));
  await loadSample(page).catch(() => {});
  await page.waitForSelector('[data-testid=summary][data-reports="2"]');
  const matrix = page.getByTestId('matrix-table');
  await matrix.waitFor();
  // The sample's column says it is the sample.
  const heads = await matrix.locator('thead th').allTextContents();
  assert.equal(heads.filter((h) => h.startsWith('Sample: ')).length, 1, heads.join(' | '));
  const alice = JSON.parse(fs.readFileSync(fixture('cli-v1/page-1.json'), 'utf8')).ServicesLastAccessed
    .concat(JSON.parse(fs.readFileSync(fixture('cli-v1/page-2.json'), 'utf8')).ServicesLastAccessed);
  const all = new Set([...SERVICES, ...alice].map((s) => s.ServiceNamespace));
  assert.equal(await matrix.locator('tbody tr').count(), all.size);
  const cells = await matrix.locator('tbody td[data-status]').evaluateAll((tds) => tds.map((t) => t.dataset.status));
  assert.equal(cells.length, all.size * 2);
  assert.ok(cells.every((s) => ['recent', 'stale', 'never', 'none'].includes(s)));
  // kms: never used by alice, recent for the sample role: not unused by all.
  const route53 = matrix.locator('tr[data-namespace=route53]');
  assert.equal(await route53.getAttribute('data-unused-by-all'), 'true');
  // Sort by the first report's column.
  await matrix.locator('thead th').nth(1).locator('button').click();
  await page.waitForSelector('[data-testid=matrix-table] thead th:nth-child(2)[aria-sort=ascending]');
  await matrix.screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-matrix.png') });
  // The principals filter folds case as the browser does, beyond ASCII too
  // (a label the user typed).
  await page.getByTestId('report-label').fill('Équipe ÆØÅ');
  await page.getByTestId('report-label').press('Enter');
  await matrix.locator('thead th', { hasText: 'Équipe ÆØÅ' }).waitFor();
  const onlyOne = () => page.waitForFunction(() =>
    document.querySelector('[data-testid=matrix-shown]').textContent.endsWith('× 1 of 2 principals'));
  for (const typed of ['équipe æøå', 'ÉQUIPE']) {
    await page.getByTestId('matrix-filter-principals').fill(typed);
    await onlyOne();
    assert.equal(await matrix.locator('thead th[data-column]', { hasText: 'Équipe ÆØÅ' }).count(), 1, typed);
  }
  assert.deepEqual(problems, []);
});

test('a matrix of many reports keeps a few dozen rows in the page', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  const { file } = generate(path.join(os.tmpdir(), 'lastaccessed-matrix-12x400.json'), { reports: 12, services: 400 });
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForSelector('[data-testid=summary][data-reports="12"]');
  const matrix = page.getByTestId('matrix-table');
  await matrix.waitFor();
  const total = Number(await matrix.getAttribute('aria-rowcount')) - 1;
  assert.ok(total >= 400, `${total} services in the matrix`);
  const inPage = await matrix.locator('tbody tr[data-namespace]').count();
  assert.ok(inPage > 5 && inPage < 100, `${inPage} matrix rows in the DOM`);
  // Scrolled to the end, the last service is there.
  await page.getByTestId('matrix-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector(`[data-testid=matrix-table] tr[aria-rowindex="${total + 1}"]`);
  assert.ok(await matrix.locator('tbody tr[data-namespace]').count() < 100);
  assert.deepEqual(problems, []);
});

test('print gives a clean report; dark mode follows the system and the toggle', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await loadSample(page);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.input-panel').evaluate((e) => getComputedStyle(e).display), 'none');
  assert.equal(await page.getByTestId('threshold-days').evaluate((e) => e.offsetParent), null);
  assert.ok(await page.getByTestId('summary').isVisible());
  await screenshot(page, 'e2e-print');
  await page.emulateMedia({ media: 'screen' });

  const bg = (p) => p.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const light = await bg(page);
  await page.getByTestId('theme-toggle').click();
  await page.waitForSelector('html[data-theme=dark]');
  const dark = await bg(page);
  assert.notEqual(dark, light);
  await screenshot(page, 'e2e-dark');

  // Forgotten on reload unless asked; kept when "remember" is ticked, and
  // only the theme is stored.
  await page.reload();
  await page.getByTestId('sample-load').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-remember').check();
  await page.reload();
  await page.waitForSelector('html[data-theme=dark]');
  assert.ok(await page.getByTestId('theme-remember').isChecked());
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ['lastaccessed-theme']);
  await page.getByTestId('theme-remember').uncheck();
  assert.equal(await page.evaluate(() => localStorage.length), 0);

  const sys = await env.browser.newContext({ colorScheme: 'dark' });
  const p2 = await sys.newPage();
  await p2.goto(env.server.url);
  await p2.getByTestId('sample-load').waitFor();
  assert.equal(await bg(p2), dark);
  await sys.close();
  assert.deepEqual(problems, []);
});

test('chart bars are buttons pressed only by Enter or Space, and keep the overview when one is chosen', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await loadSample(page);
  const total = await summary(page);
  const chart = page.getByTestId('age-chart');
  // Exposed to assistive technology: not an image hiding its bars.
  assert.notEqual(await chart.getAttribute('role'), 'img');
  const bars = page.locator('[data-testid=age-chart] [data-bucket]');
  const n = await bars.count();
  for (let i = 0; i < n; i++) {
    assert.equal(await bars.nth(i).getAttribute('role'), 'button');
    assert.match(await bars.nth(i).getAttribute('aria-label'), /service/);
    assert.equal(await bars.nth(i).getAttribute('aria-pressed'), 'false');
  }
  const counts = await page.$$eval('[data-testid=age-chart] [data-bucket]', (bs) => bs.map((b) => b.dataset.count));
  const never = page.locator('[data-testid=age-chart] [data-bucket=never]');
  await never.focus();
  for (const key of ['a', 'ArrowRight', 'ArrowLeft', 'Escape', 'Shift+Tab']) {
    await never.focus();
    await page.keyboard.press(key);
    assert.equal(await page.getByTestId('summary').getAttribute('data-shown-services'), total.services, key);
    assert.equal(await never.getAttribute('aria-pressed'), 'false', key);
  }
  await never.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${total.never}"]`);
  assert.equal(await never.getAttribute('aria-pressed'), 'true');
  // The other bars keep their counts, dimmed.
  assert.deepEqual(await page.$$eval('[data-testid=age-chart] [data-bucket]', (bs) => bs.map((b) => b.dataset.count)), counts);
  assert.ok(await page.$$eval('[data-testid=age-chart] [data-bucket]:not([data-bucket=never])', (bs) => bs.every((b) => b.classList.contains('dimmed'))));
  await page.keyboard.press(' ');
  await page.waitForSelector(`[data-testid=summary][data-shown-services="${total.services}"]`);
  // With a 365-day threshold the threshold label overlaps no count.
  await page.getByTestId('threshold-days').fill('365');
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-threshold] text')?.textContent.includes('365'));
  const overlaps = await page.evaluate(() => {
    const t = document.querySelector('[data-testid=chart-threshold] text').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid=age-chart] text.count, [data-testid=age-chart] text.label')]
      .map((c) => c.getBoundingClientRect())
      .filter((c) => c.left < t.right && t.left < c.right && c.top < t.bottom && t.top < c.bottom).length;
  });
  assert.equal(overlaps, 0);
  await page.locator('.charts').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-chart-365.png') });
  assert.deepEqual(problems, []);
});

test('the timeline keeps the report\'s tracking window when ages run to now, and counts never-used services', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await loadSample(page);
  const total = await summary(page);
  const never = page.getByTestId('timeline-never');
  assert.equal(await never.getAttribute('data-count'), total.never);
  assert.equal(await page.locator('[data-testid=timeline] circle[data-status=never]').count(), 0, 'one marker, not a dot each');
  const created = SAMPLE[0].JobCompletionDate ?? SAMPLE[0].JobCreationDate;
  const reportDay = new Date(created);
  const start = new Date(reportDay.getTime() - 400 * 86400e3).toISOString().slice(0, 10);
  const startLabel = () => page.locator('[data-testid=timeline] .window-start text').textContent();
  assert.equal(await startLabel(), `tracking starts ${start}`);
  await page.getByTestId('reference').selectOption('now');
  await page.getByTestId('timeline-report-date').waitFor();
  // Still the report's window, not one that ends today.
  assert.equal(await startLabel(), `tracking starts ${start}`);
  // No dot sits on the left edge: every last access is inside the window.
  const xs = await page.$$eval('[data-testid=timeline] circle[data-namespace]', (cs) => cs.map((c) => Number(c.getAttribute('cx'))));
  assert.ok(xs.length > 0 && xs.every((x) => x > 10.5), xs.join(','));
  await page.locator('.charts').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-timeline-now.png') });
  // A search fades the services it hides; their dots stay where they were.
  // (Faint: drawn at under half opacity, as the user sees it.)
  const dots = () => page.$$eval('[data-testid=timeline] circle[data-namespace]',
    (cs) => cs.map((c) => [c.dataset.namespace, c.getAttribute('cx'), Number(getComputedStyle(c).opacity) < 0.5]));
  const before = await dots();
  assert.ok(before.every(([, , faint]) => !faint));
  await page.getByTestId('search').fill('s3');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=timeline] circle[data-namespace]')]
    .some((c) => Number(getComputedStyle(c).opacity) < 0.5));
  const after = await dots();
  assert.deepEqual(after.map(([ns, cx]) => [ns, cx]), before.map(([ns, cx]) => [ns, cx]));
  assert.deepEqual(after.filter(([, , faint]) => !faint).map(([ns]) => ns), ['s3']);
  await page.locator('.charts').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-timeline-search.png') });
  assert.deepEqual(problems, []);
});

test('a matrix of 60 principals stays readable: sticky header and service column, windowed columns, filters, open a cell, CSV, keyboard', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  const { file } = generate(path.join(os.tmpdir(), 'lastaccessed-matrix-60x120.json'), { reports: 60, services: 120 });
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForSelector('[data-testid=summary][data-reports="60"]');
  const matrix = page.getByTestId('matrix-table');
  await matrix.waitFor();
  assert.equal(await page.getByTestId('matrix-shown').textContent(), '120 of 120 services × 60 of 60 principals');
  // Only the columns in view are in the page.
  const headers = await matrix.locator('thead th[data-column]:not([data-column=service])').count();
  assert.ok(headers > 3 && headers < 30, `${headers} principal columns in the DOM`);
  // Readable widths: the service column keeps its width, names stay on one line.
  const svc = await matrix.locator('thead th.svc').boundingBox();
  assert.ok(svc.width >= 200, `service column ${svc.width}px`);
  const nameHeights = await matrix.locator('tbody tr[data-namespace] th .clamp').evaluateAll((ss) => ss.slice(0, 10).map((s) => s.getBoundingClientRect().height));
  assert.ok(nameHeights.every((h) => h < 26), `names on one line: ${nameHeights.join(',')}`);
  // Scrolled both ways, the header row and the service column stay in place.
  const scroller = page.getByTestId('matrix-scroll');
  // Scrolled again until the columns come: a scroll made while the matrix
  // was still being laid out stops short (it failed now and then on a busy
  // machine).
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=matrix-scroll]');
    if (el.scrollLeft < 3000) { el.scrollLeft = 3000; el.scrollTop = 400; }
    return [...document.querySelectorAll('[data-testid=matrix-table] thead th[data-column]')].some((th) => Number(th.dataset.column) > 25);
  });
  // The columns left out of the page keep their room (the gap cells' width
  // attributes): each header sits where it would were every column there
  // (the service column, sticky, is read for its width alone).
  const lefts = await matrix.locator('thead th').evaluateAll((ths) => {
    const svc = ths.find((th) => th.classList.contains('svc'));
    return ths.filter((th) => th.dataset.column && th !== svc)
      .map((th) => [Number(th.dataset.column), th.offsetLeft - svc.offsetWidth, th.offsetWidth]);
  });
  assert.ok(lefts.some(([c]) => c > 10) && lefts.every(([c, x, w]) => Math.abs(x - c * w) <= 2), JSON.stringify(lefts));
  const wrap = await scroller.boundingBox();
  const head = await matrix.locator('thead th.svc').boundingBox();
  const firstCol = await matrix.locator('tbody tr[data-namespace] th').nth(3).boundingBox();
  assert.ok(Math.abs(head.y - wrap.y) < 3, `header at ${head.y}, box at ${wrap.y}`);
  assert.ok(Math.abs(firstCol.x - wrap.x) < 3, `service column at ${firstCol.x}, box at ${wrap.x}`);
  await page.getByTestId('matrix-scroll').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-matrix-60-scrolled.png') });
  // Ages read "194 d", not "194 D".
  assert.equal(await matrix.locator('td .status.age').first().evaluate((e) => getComputedStyle(e).textTransform), 'none');
  await scroller.evaluate((el) => { el.scrollLeft = 0; el.scrollTop = 0; });
  await screenshot(page, 'e2e-matrix-60');

  // Filters: one principal by account, services by name.
  const account = String(100000000000 + 5 * 7919);
  await page.getByTestId('matrix-filter-principals').fill(account);
  await page.getByTestId('matrix-filter-services').fill('sqs');
  await page.waitForFunction(() => document.querySelector('[data-testid=matrix-shown]').textContent.endsWith('× 1 of 60 principals'));
  const shownText = await page.getByTestId('matrix-shown').textContent();
  const shownRows = Number(shownText.split(' ')[0]);
  assert.ok(shownRows >= 1 && shownRows < 120, shownText);
  assert.ok((await matrix.locator('tbody tr[data-namespace]').evaluateAll((rs) => rs.map((r) => r.dataset.namespace))).every((n) => n.startsWith('sqs')));
  // CSV of what is shown, formulas neutralised by construction.
  const csv = await download(page, 'export-matrix-csv');
  assert.equal(csv.name, 'lastaccessed-matrix.csv');
  const lines = csv.text.trim().split('\n');
  assert.equal(lines.length - 1, shownRows);
  assert.equal(lines[0].split(',').length, 3 + 2);
  assert.match(lines[0], new RegExp(`${account}\\) status`));

  // Keyboard: the table is one tab stop; arrows move, Enter opens.
  await page.getByTestId('matrix-filter-principals').fill('');
  await page.getByTestId('matrix-filter-services').fill('');
  await page.waitForFunction(() => document.querySelector('[data-testid=matrix-shown]').textContent === '120 of 120 services × 60 of 60 principals');
  assert.equal(await matrix.locator('td[tabindex="0"]').count(), 1);
  await page.getByTestId('export-matrix-csv').focus();
  // Past the sort buttons of the columns in view, one stop for all 7 200 cells.
  const cell = () => page.evaluate(() => document.activeElement.dataset.cell);
  let presses = 0;
  while (presses < 40 && !(await cell())) {
    await page.keyboard.press('Tab');
    presses++;
  }
  const start = await cell();
  assert.ok(start, `no cell reached in ${presses} presses`);
  assert.equal(presses, 2, 'the Service sort button, then one stop for every cell');
  await page.keyboard.press('Tab');
  assert.equal(await cell(), undefined, 'the next Tab leaves the cells');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await cell(), start);
  const [r0, c0] = start.split(':').map(Number);
  // Keys pressed before the page has drawn the last one's move (a held key,
  // a busy machine) all count: a burst dispatched at once on the focused
  // cell, before any render, ends where the keys lead.
  await page.evaluate(() => {
    const el = document.activeElement;
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown']) el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction((want) => document.activeElement?.dataset.cell === want, `${r0 + 1}:${c0 + 2}`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((want) => document.activeElement?.dataset.cell === want, start);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((want) => document.activeElement?.dataset.cell === want, `${r0 + 1}:${c0 + 2}`);
  await page.keyboard.press('End');
  await page.waitForFunction((r) => document.activeElement?.dataset.cell === `${r}:59`, r0 + 1);
  await page.keyboard.press('Home');
  await page.waitForFunction((r) => document.activeElement?.dataset.cell === `${r}:0`, r0 + 1);
  await screenshot(page, 'e2e-matrix-60-keyboard');
  // Up from the first row reaches the column's sort button; Enter sorts; Down comes back.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.activeElement?.closest('th')?.dataset.pos === '0');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.closest('th')?.dataset.pos === '1');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=matrix-table] th[data-pos="1"][aria-sort=ascending]');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.activeElement?.closest('th')?.dataset.pos === '0');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.dataset.cell === '0:0');
  // Up and Enter at once, before focus reaches the header: that column sorts.
  await page.evaluate(() => {
    const el = document.activeElement;
    for (const key of ['ArrowUp', 'Enter']) el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector('[data-testid=matrix-table] th[data-pos="0"][aria-sort=ascending]');
  await page.waitForFunction(() => document.activeElement?.closest('th')?.dataset.pos === '0');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.dataset.cell === '0:0');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.dataset.cell === '1:0');
  const ns = await page.evaluate(() => document.activeElement.closest('tr').dataset.namespace);
  const label = await matrix.locator('thead th[data-column="0"]').getAttribute('title');
  await page.keyboard.press('Enter');
  // That principal, at that service.
  await page.waitForFunction((l) => document.querySelector('.report-title').textContent === l, label);
  await page.waitForSelector(`[data-testid=services-table] tr[data-namespace="${ns}"][aria-selected=true]`);
  assert.deepEqual(problems, []);
});

test('by keyboard: each table is one tab stop, keys move inside, skip links reach each table, Enter keeps focus', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  const { file } = generate(path.join(os.tmpdir(), 'lastaccessed-keyboard-120.json'), { reports: 1, services: 120, actions: 4 });
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForSelector('[data-testid=summary][data-services="120"]');
  const stops = (t) => page.$$eval(`[data-testid=${t}] tbody [tabindex="0"], [data-testid=${t}] tbody button:not([tabindex="-1"])`, (els) => els.length);
  assert.equal(await stops('services-table'), 1);
  assert.equal(await stops('actions-table'), 1);
  const focused = () => page.evaluate(() => ({ pos: document.activeElement.dataset.pos, ns: document.activeElement.dataset.namespace, table: document.activeElement.closest('table')?.dataset.testid }));

  // From the search box, Tab reaches the services table in a handful of presses.
  await page.getByTestId('search').focus();
  let presses = 0;
  const inRows = async () => { const f = await focused(); return f.table === 'services-table' && f.pos !== undefined; };
  while (presses < 60 && !(await inRows())) {
    await page.keyboard.press('Tab');
    presses++;
  }
  assert.equal((await focused()).table, 'services-table', `not reached in ${presses} presses`);
  assert.ok(presses < 30, `${presses} presses to reach the services table`);
  assert.equal((await focused()).pos, '0');
  for (const [key, want] of [['ArrowDown', '1'], ['PageDown', '11'], ['End', '119'], ['PageUp', '109'], ['Home', '0'], ['ArrowUp', '0']]) {
    await page.keyboard.press(key);
    await page.waitForFunction((w) => document.activeElement?.dataset.pos === w, want);
  }
  // Every table keeps its header row in view while its rows scroll.
  const services = page.getByTestId('services-scroll');
  await services.evaluate((el) => { el.scrollTop = 1500; });
  await page.waitForFunction(() => document.querySelector('[data-testid=services-scroll]').scrollTop > 1000);
  const [box, th] = [await services.boundingBox(), await page.locator('[data-testid=services-table] thead th').first().boundingBox()];
  assert.ok(Math.abs(th.y - box.y) < 3, `header at ${th.y}, table box at ${box.y}`);
  await services.evaluate((el) => { el.scrollTop = 0; });
  // The next Tab leaves the table (one stop for 120 rows).
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.dataset.pos === '1');
  const ns = (await focused()).ns;
  await page.keyboard.press('Tab');
  assert.notEqual((await focused()).table, 'services-table');
  await page.keyboard.press('Shift+Tab');
  assert.deepEqual(await focused(), { pos: '1', ns, table: 'services-table' });
  // Enter opens the service's actions and keeps focus on its row.
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid=services-table] tr[data-namespace="${ns}"][aria-selected=true]`);
  assert.deepEqual(await focused(), { pos: '1', ns, table: 'services-table' });
  assert.ok((await page.$$eval('[data-testid=actions-table] tbody tr[data-namespace]', (rs) => rs.map((r) => r.dataset.namespace))).every((n) => n === ns));
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid=services-table] tr[data-namespace="${ns}"][aria-selected=false]`);

  // Skip links: hidden until reached, each lands on its table's stop.
  const skip = page.getByTestId('skip-link');
  assert.deepEqual(await skip.allTextContents(), ['Services', 'Tracked actions', 'Least-privilege suggestion']);
  await skip.filter({ hasText: 'Tracked actions' }).focus();
  await screenshot(page, 'e2e-keyboard-skip-links');
  await page.keyboard.press('Enter');
  assert.equal((await focused()).table, 'actions-table');
  // The 480-row actions table is windowed: End still reaches its last row.
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.activeElement?.dataset.pos === '479');
  await screenshot(page, 'e2e-keyboard-focus');
  // Scrolled back to the top (a wheel, the scrollbar) while its row has
  // focus: that row leaves the page, and focus stays in the table, on a
  // row still there, so the keys keep moving in it.
  await page.getByTestId('actions-scroll').evaluate((el) => { el.scrollTop = 0; });
  await page.waitForFunction(() => document.querySelector('[data-testid=actions-table] tr[data-pos="0"]')
    && !document.querySelector('[data-testid=actions-table] tr[data-pos="479"]'));
  const kept = await focused();
  assert.equal(kept.table, 'actions-table', 'focus left the table when its row scrolled out of the page');
  const from = Number(kept.pos);
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((want) => document.activeElement?.dataset.pos === want, String(from + 1));
  assert.equal(await page.getByTestId('actions-scroll').evaluate((el) => el.scrollTop < 2000), true, 'the keys did not scroll back to the end');
  await skip.filter({ hasText: 'Least-privilege suggestion' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'policy-title');
  assert.deepEqual(problems, []);
});
