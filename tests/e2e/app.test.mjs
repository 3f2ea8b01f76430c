// End-to-end: the built dist/ served on loopback, driven in headless Chromium
// as a user would: upload, drop, paste, sort, threshold, bad file, clear.
// Expected numbers are computed here from the fixture files themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withApp, openApp, screenshot, fixture, countWarmUps, warmedUp } from './harness.mjs';
import { generate } from './generate.mjs';

const env = withApp();

const DAY = 86_400_000;

/** Independent oracle: service statuses of a set of pages of one job. */
function expectServices(files, thresholdDays) {
  const pages = files.map((f) => JSON.parse(fs.readFileSync(fixture(f), 'utf8')));
  const reference = Date.parse(pages[0].JobCompletionDate);
  const byNs = new Map();
  for (const p of pages) for (const s of p.ServicesLastAccessed) byNs.set(s.ServiceNamespace, s);
  const counts = { services: byNs.size, never: 0, stale: 0, recent: 0 };
  for (const s of byNs.values()) {
    if (!s.LastAuthenticated) counts.never++;
    else if (Math.floor((reference - Date.parse(s.LastAuthenticated)) / DAY) > thresholdDays) counts.stale++;
    else counts.recent++;
  }
  return counts;
}

async function summary(page) {
  return page.getByTestId('summary').evaluate((el) => ({ ...el.dataset }));
}

/** Wait until the summary's data attribute has the value. */
async function waitSummary(page, attr, value) {
  await page.waitForSelector(`[data-testid=summary][data-${attr}="${value}"]`);
}

async function lastAccessedColumn(page) {
  return page.$$eval('[data-testid=services-table] tbody tr', (rows) =>
    rows.map((r) => {
      const t = r.querySelector('.time .abs').textContent.trim();
      return t === '—' ? null : Date.parse(t);
    }),
  );
}

function isSorted(values, dir) {
  // never (null) is the oldest
  const key = (v) => (v === null ? -Infinity : v);
  return values.every((v, i) => i === 0 || (dir === 'asc' ? key(values[i - 1]) <= key(v) : key(values[i - 1]) >= key(v)));
}

test('a user loads pages, sorts, changes the threshold and survives a bad file', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await assert.rejects(page.getByTestId('summary').waitFor({ timeout: 200 }), 'no summary before loading');

  // 1. Upload two pages through the file picker.
  const files = ['cli-v1/page-1.json', 'cli-v1/page-2.json'];
  await page.getByTestId('file-input').setInputFiles(files.map(fixture));
  await waitSummary(page, 'pages', '2');
  const want = expectServices(files, 90);
  let s = await summary(page);
  assert.equal(s.services, String(want.services));
  assert.equal(s.never, String(want.never));
  assert.equal(s.stale, String(want.stale));
  assert.equal(s.recent, String(want.recent));
  assert.equal(s.complete, 'true');
  assert.equal(s.reports, '1');
  const rows = await page.locator('[data-testid=services-table] tbody tr').count();
  assert.equal(rows, want.services);
  await screenshot(page, 'e2e-uploaded');

  // 2. Sort by last accessed, both ways.
  const th = page.locator('[data-testid=services-table] th[data-column=last-accessed]');
  await th.locator('button').click(); // ascending is the default: this reverses
  await assert.doesNotReject(page.waitForSelector('[data-testid=services-table] th[data-column=last-accessed][aria-sort=descending]'));
  assert.ok(isSorted(await lastAccessedColumn(page), 'desc'), 'descending by last accessed');
  await th.locator('button').click();
  await page.waitForSelector('[data-testid=services-table] th[data-column=last-accessed][aria-sort=ascending]');
  const asc = await lastAccessedColumn(page);
  assert.ok(isSorted(asc, 'asc'), 'ascending by last accessed');
  assert.equal(asc[0], null, 'never used sorts first ascending');

  // 3. Change the threshold: counts follow.
  await page.getByTestId('threshold-days').fill('10');
  const w10 = expectServices(files, 10);
  await waitSummary(page, 'stale', String(w10.stale));
  s = await summary(page);
  assert.equal(s.recent, String(w10.recent));
  assert.notEqual(w10.stale, want.stale, 'the fixture must make the threshold matter');
  const staleRows = await page.locator('[data-testid=services-table] tbody tr[data-status=stale]').count();
  assert.equal(staleRows, w10.stale);

  // 4. A bad file: a clear message naming it and the place; the report stays.
  await page.getByTestId('file-input').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n  "JobStatus": "COMPLETED",\n  "ServicesLastAccessed": [\n'),
  });
  const alert = page.locator('[data-testid=messages] [role=alert]');
  await alert.first().waitFor();
  const text = await alert.first().textContent();
  assert.match(text, /broken\.json/);
  assert.match(text, /line \d+, column \d+/);
  assert.match(text, /truncated/);
  s = await summary(page);
  assert.equal(s.pages, '2');
  assert.equal(s.services, String(want.services));
  await screenshot(page, 'e2e-bad-file');

  // 5. Drop a file of another report job on the drop zone.
  const groupJson = fs.readFileSync(fixture('boto3/group-report.json'), 'utf8');
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'group-report.json', { type: 'application/json' }));
    return d;
  }, groupJson);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: dt });
  await page.waitForSelector('.app.dragging');
  await screenshot(page, 'e2e-dragging');
  await zone.dispatchEvent('drop', { dataTransfer: dt });
  await waitSummary(page, 'reports', '2');
  await page.waitForSelector('.app:not(.dragging)');
  // The newest job is shown: the dropped group report.
  const group = JSON.parse(groupJson);
  await waitSummary(page, 'services', String(group.ServicesLastAccessed.length));
  assert.equal(await page.getByTestId('report-select').locator('option').count(), 2);

  // 6. Paste a third job (CLI v2 serialisation of page 1 alone: truncated).
  const truncated = JSON.parse(fs.readFileSync(fixture('cli-v2/page-1.json'), 'utf8'));
  truncated.JobCreationDate = '2026-11-20T10:00:00.000000+00:00';
  await page.locator('details.paste > summary').click();
  await page.getByTestId('paste-input').fill(JSON.stringify(truncated, null, 2));
  await page.getByTestId('paste-load').click();
  await waitSummary(page, 'reports', '3');
  await waitSummary(page, 'complete', 'false');
  const banner = await page.getByTestId('job-status').textContent();
  assert.ok(banner.includes(`--marker ${truncated.Marker}`), banner);

  // 7. Switch back to the first report and select a service: actions filter.
  const options = await page.getByTestId('report-select').locator('option').allTextContents();
  const alice = options.find((o) => o.includes('user/alice') && o.includes('2026-09-14'));
  assert.ok(alice, `a report labelled by its principal: ${options}`);
  await page.getByTestId('report-select').selectOption({ label: alice });
  await waitSummary(page, 'services', String(want.services));
  await page.locator('[data-testid=services-table] tr[data-namespace=iam]').click();
  await page.getByTestId('actions-filter').waitFor();
  const actionNs = await page.$$eval('[data-testid=actions-table] tbody tr', (rs) => rs.map((r) => r.dataset.namespace));
  const iamActions = JSON.parse(fs.readFileSync(fixture('cli-v1/page-1.json'), 'utf8'))
    .ServicesLastAccessed.find((x) => x.ServiceNamespace === 'iam').TrackedActionsLastAccessed.length;
  assert.equal(actionNs.length, iamActions);
  assert.ok(actionNs.every((ns) => ns === 'iam'));

  // 8. Keyboard: Enter on a focused row selects it.
  await page.getByTestId('show-all-actions').click();
  await page.locator('[data-testid=services-table] tr[data-namespace=ec2]').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=actions-filter]:has-text("ec2")');

  // 9. The label is editable, and the switcher uses it.
  await page.getByTestId('report-label').fill('alice, production');
  await page.getByTestId('report-label').press('Enter');
  await page.waitForSelector('[data-testid=summary] .report-title:has-text("alice, production")');
  const renamed = await page.getByTestId('report-select').locator('option').allTextContents();
  assert.ok(renamed.includes('alice, production'), renamed.join(' | '));

  // 10. Clear: back to the empty state.
  await page.getByTestId('clear').click();
  await page.waitForSelector('.empty-state');
  assert.equal(await page.getByTestId('summary').count(), 0);
  assert.deepEqual(problems, []);
});

test('on a wide screen, files dropped in the margins beside the content are loaded, never opened by the browser in place of the app', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.setViewportSize({ width: 1920, height: 1000 });
  // Every corner and both margins: the page's drop target takes the drag
  // (its dragover cancelled, so the browser does not navigate to the file).
  const points = [[4, 4], [1915, 4], [4, 995], [1915, 995], [100, 500], [1820, 500]];
  const taken = await page.evaluate((points) => points.map(([x, y]) => {
    const el = document.elementFromPoint(x, y);
    const over = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: new DataTransfer() });
    return [x, y, el?.tagName, !el.dispatchEvent(over)];
  }), points);
  assert.deepEqual(taken.filter(([, , , cancelled]) => !cancelled), [], JSON.stringify(taken));
  // And a file dropped in the right-hand margin loads.
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return d;
  }, fs.readFileSync(fixture('boto3/group-report.json'), 'utf8'));
  const margin = await page.evaluateHandle(() => document.elementFromPoint(1880, 500));
  await margin.dispatchEvent('drop', { dataTransfer: dt });
  await page.getByTestId('summary').waitFor();
  assert.deepEqual(problems, []);
});

test('the workers warm up while the page waits, and nothing of it shows', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await countWarmUps(context);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(env.server.url);
  await warmedUp(page);
  // The warm-up read the bundled sample: none of it reached the page.
  await assert.rejects(page.getByTestId('summary').waitFor({ timeout: 200 }), 'no report after the warm-up');
  assert.equal(await page.getByTestId('pending').count(), 0);
  assert.equal(await page.locator('[data-testid=messages] .message').count(), 0);
  // A file read after it is read as on a page that did not wait.
  const files = ['cli-v1/page-1.json', 'cli-v1/page-2.json'];
  await page.getByTestId('file-input').setInputFiles(files.map(fixture));
  await waitSummary(page, 'pages', '2');
  const want = expectServices(files, 90);
  const got = await summary(page);
  assert.deepEqual([got.services, got.never, got.stale, got.recent].map(Number),
    [want.services, want.never, want.stale, want.recent]);
  assert.equal(got.reports, '1', 'one report: the sample is not among them');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the sample report is one click away and reads well at 1280 and 400 px', async () => {
  for (const width of [1280, 400]) {
    const { page, context, problems } = await openApp(env.browser, env.server.url, { width, height: 900 });
    await screenshot(page, `e2e-empty-${width}`);
    await page.getByTestId('sample-load').click();
    await waitSummary(page, 'pages', '2');
    const s = await summary(page);
    assert.equal(s.complete, 'true');
    assert.ok(Number(s.never) > 0 && Number(s.stale) > 0 && Number(s.recent) > 0, JSON.stringify(s));
    assert.ok(Number(s.actions) > 0);
    // Nothing overflows the viewport horizontally.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${width}px viewport`);
    // Chart text stays readable (it used to shrink to about 6 px at 400 px),
    // and policy documents scroll inside their box instead of overflowing it.
    const chartText = await page.$$eval('[data-testid=age-chart] text.label', (ts) => Math.min(...ts.map((t) => t.getBoundingClientRect().height)));
    assert.ok(chartText >= 9, `chart labels ${chartText}px tall at ${width}px`);
    const spill = await page.$$eval('.policy pre', (ps) => ps.map((p) => p.getBoundingClientRect().right - p.parentElement.getBoundingClientRect().right));
    assert.ok(spill.every((d) => d <= 1), `policy documents overflow by ${spill.join(',')}`);
    if (width === 400) {
      // Tables become cards: each cell is its label (::before) beside one
      // value; a second child falls under the label (the granted table's
      // policy kind and unused-write mark did).
      await page.waitForSelector('[data-testid=granted-table] tbody tr');
      const split = await page.$$eval('table.data td', (tds) => tds
        .filter((td) => getComputedStyle(td).display === 'grid')
        .filter((td) => [...td.childNodes].filter((n) => n.nodeType === 1 || n.textContent.trim()).length > 1)
        .map((td) => `${td.closest('[data-testid]')?.dataset.testid} / ${td.dataset.label}`));
      assert.deepEqual(split, [], 'cells with more than one value beside their label');
      // A header that sorts nothing is not drawn as a button: a table
      // without sort buttons shows no header row in its cards.
      const pills = await page.$$eval('table.data thead', (hs) => hs
        .filter((h) => !h.querySelector('button.sort') && h.getBoundingClientRect().height > 1)
        .map((h) => h.closest('[data-testid]')?.dataset.testid));
      assert.deepEqual(pills, [], 'header rows drawn with nothing to sort');
    }
    // Plurals: never "1 services".
    assert.doesNotMatch(await page.locator('body').innerText(), /\b1 (services|tracked actions|reports)\b/);
    await screenshot(page, `e2e-sample-${width}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a report that replaces the one shown never shows its summary above an empty services table', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('sample-load').click();
  await page.waitForSelector('[data-testid=services-table] tbody tr');
  const sample = await summary(page);
  // Every DOM change from here on: whenever a summary says N services, the
  // services table below it shows rows (the first N, or a window of them).
  await page.evaluate(() => {
    window.__frames = [];
    const look = () => {
      const s = document.querySelector('[data-testid=summary]');
      if (!s) return;
      const rows = document.querySelectorAll('[data-testid=services-table] tbody tr[data-namespace]').length;
      window.__frames.push({ services: Number(s.dataset.services), pages: s.dataset.pages, rows });
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const files = ['cli-v1/page-1.json', 'cli-v1/page-2.json'];
  const want = expectServices(files, 90);
  assert.notEqual(want.services, Number(sample.services), 'the pages must differ from the sample');
  await page.getByTestId('file-input').setInputFiles(files.map(fixture));
  await page.waitForSelector(`[data-testid=summary][data-services="${want.services}"]`);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=services-table] tbody tr[data-namespace]').length === n, want.services);
  const frames = await page.evaluate(() => window.__frames);
  const replaced = frames.filter((f) => f.services === want.services);
  assert.ok(replaced.length > 0, 'the observer saw the new report');
  const empty = frames.filter((f) => f.services > 0 && f.rows === 0);
  assert.deepEqual(empty, [], `frames with a summary and no service rows (of ${frames.length})`);
  // A report too large to draw whole at once (150 services, 600 actions) is
  // drawn in stages, a task each: no frame painted on the way shows its
  // summary without its services table (each frame looked at just before
  // it is painted).
  const { file } = generate(path.join(os.tmpdir(), 'lastaccessed-staged-150.json'), { reports: 1, services: 150, actions: 4 });
  await page.evaluate(() => {
    window.__painted = [];
    const look = () => {
      const s = document.querySelector('[data-testid=summary]');
      const rows = document.querySelectorAll('[data-testid=services-table] tbody tr[data-namespace]').length;
      if (s) window.__painted.push({ services: Number(s.dataset.services), rows, panel: !!document.querySelector('[data-testid=policy-panel]') });
      if (!(s?.dataset.services === '150' && rows === 150 && document.querySelector('[data-testid=policy-panel]'))) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForFunction(() => window.__painted.some((f) => f.services === 150 && f.rows === 150 && f.panel));
  const painted = await page.evaluate(() => window.__painted);
  assert.ok(painted.some((f) => f.services === 150 && !f.panel), 'the frames looked at include the report before it was complete');
  assert.deepEqual(painted.filter((f) => f.services === 150 && f.rows === 0), [], `frames with the summary and no service rows: ${JSON.stringify(painted)}`);
  assert.deepEqual(problems, []);
});

test('reference "now" and a FAILED job are shown plainly', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([fixture('status/failed.json')]);
  await page.getByTestId('job-status').waitFor();
  const failed = await page.getByTestId('job-status').textContent();
  const want = JSON.parse(fs.readFileSync(fixture('status/failed.json'), 'utf8')).Error;
  assert.ok(failed.includes(want.Code) && failed.includes(want.Message.replace(/\.$/, '')), failed);
  assert.doesNotMatch(failed, /\.\./, 'no doubled period');

  await page.getByTestId('clear').click();
  await page.getByTestId('sample-load').click();
  await waitSummary(page, 'pages', '2');
  const before = await summary(page);
  await page.getByTestId('reference').selectOption('now');
  // The sample is from 2026-11-02: measured from now, nothing is fresher.
  await page.waitForFunction(
    (b) => Number(document.querySelector('[data-testid=summary]').dataset.recent) <= Number(b),
    before.recent,
  );
  const rel = await page.locator('[data-testid=services-table] .time .rel').first().textContent();
  assert.ok(/ago|today|tracking period/.test(rel), rel);
  assert.deepEqual(problems, []);
});
