// End-to-end: every input format and hostile files in the built app, plus a
// 50 MB report parsed off the main thread. Expected values come from the
// fixtures themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { withApp, openApp, screenshot, fixture, tempDir } from './harness.mjs';
import { generate, generateMany } from './generate.mjs';

const env = withApp();

async function summary(page) {
  return page.getByTestId('summary').evaluate((el) => ({ ...el.dataset }));
}

const json = (rel) => JSON.parse(fs.readFileSync(fixture(rel), 'utf8'));

test('Python repr paste, XML, gzip, entities after their report, organizations report', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);

  // boto3 print(response), pasted.
  await page.locator('details.paste').evaluate((d) => { d.open = true; });
  await page.getByTestId('paste-input').fill(fs.readFileSync(fixture('repr/print-response-tzutc.txt'), 'utf8'));
  await page.getByTestId('paste-load').click();
  await page.waitForSelector('[data-testid=summary][data-services="3"]');
  assert.equal((await summary(page)).actions, '2');
  // The worker did the parsing: its script and wasm were fetched.
  assert.ok(env.server.requests.includes('/worker.js') && env.server.requests.includes('/worker_bg.wasm'), env.server.requests.join(' '));

  // The same report as XML: the identical page counts once.
  await page.getByTestId('file-input').setInputFiles(fixture('xml/report.xml'));
  await page.waitForSelector('[data-testid=messages] >> text=counted once');
  assert.equal((await summary(page)).reports, '1');

  // .json.gz pages of another job, detected by magic bytes.
  await page.getByTestId('file-input').setInputFiles([fixture('encodings/page-1.json.gz'), fixture('encodings/page-2.json.gz')]);
  await page.waitForSelector('[data-testid=summary][data-reports="2"][data-pages="2"]');
  const alice = [...json('cli-v1/page-1.json').ServicesLastAccessed, ...json('cli-v1/page-2.json').ServicesLastAccessed];
  assert.equal((await summary(page)).services, String(alice.length));

  // WithEntities after its report: select s3 to see who used it.
  await page.getByTestId('file-input').setInputFiles(fixture('entities/entities-s3.json'));
  await page.waitForSelector('[data-testid=summary] >> text=select the service to see who used it');
  await page.locator('[data-testid=services-table] tr[data-namespace=s3]').click();
  const entities = json('entities/entities-s3.json').EntityDetailsList;
  const rows = page.locator('[data-testid=entities-table] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), entities.length);
  assert.equal(await rows.first().getAttribute('data-arn'), entities[0].EntityInfo.Arn);
  assert.match(await rows.first().getAttribute('data-status'), /^(recent|stale|never)$/);
  await screenshot(page, 'e2e-entities');

  // Organizations access report: its own view.
  await page.getByTestId('file-input').setInputFiles(fixture('org/org-report.json'));
  await page.waitForSelector('[data-testid=org-table]');
  const org = json('org/org-report.json');
  const orgRows = page.locator('[data-testid=org-table] tbody tr');
  assert.equal(await orgRows.count(), org.AccessDetails.length);
  const statuses = await orgRows.evaluateAll((rs) => rs.map((r) => r.dataset.status));
  assert.equal(statuses.filter((s) => s === 'never').length, org.AccessDetails.filter((d) => !d.LastAuthenticatedTime).length);
  assert.equal(await page.getByTestId('actions-table').count(), 0, 'no actions table for an organizations report');
  // About an organization entity, not a principal: labelled by it, its own
  // counts, the Accounts column said to count accounts, no tracked-actions
  // column, and never in the principal matrix.
  assert.equal(await page.locator('.report-title').textContent(), 'organizations report: o-a1b2c3d4e5/r-f6g7');
  // Named as the guide does not name it: the path its accounts share, or one above.
  assert.match(await page.getByTestId('org-target').textContent(), /^the organization entity o-a1b2c3d4e5\/r-f6g7 or one above it/);
  assert.equal(await page.getByTestId('principal').count(), 0);
  assert.match(await page.getByTestId('summary').textContent(), /Organizations access report/);
  const counts = page.getByTestId('org-counts');
  assert.equal(await counts.getAttribute('data-accessible'), String(org.NumberOfServicesAccessible));
  assert.equal(await counts.getAttribute('data-not-accessed'), String(org.NumberOfServicesNotAccessed));
  assert.match(await page.getByTestId('summary').textContent(), /counts the accounts/);
  const heads = await page.locator('[data-testid=org-table] thead th').allTextContents();
  assert.ok(heads.some((h) => h.startsWith('Accounts')) && !heads.some((h) => h.startsWith('Tracked actions')), heads.join(' | '));
  const matrixHeads = await page.locator('[data-testid=matrix-table] thead th').allTextContents();
  assert.equal(matrixHeads.length, 3, 'the two principals and the service column');
  assert.ok(!matrixHeads.some((h) => h.startsWith('organizations')), 'not a column of the principal matrix');
  // Its suggestions are SCPs for the entity it is about, with no principal
  // to name: the Deny and the boundary on a principal do not apply.
  const scp = page.locator('[data-testid=policy-shape][data-shape=scp]');
  assert.match(await scp.getByTestId('policy-placement').textContent(), /root, OU or account the report was generated for .*o-a1b2c3d4e5\/r-f6g7/);
  const deny = JSON.parse(await scp.getByTestId('policy-document').textContent());
  const day = 86400000;
  const unused = org.AccessDetails.filter((d) => !d.LastAuthenticatedTime || Date.now() - Date.parse(d.LastAuthenticatedTime) > 90 * day)
    .map((d) => `${d.ServiceNamespace}:*`);
  assert.deepEqual(deny.Statement[0].Action, unused.sort());
  assert.equal(deny.Statement[0].Condition, undefined, 'no principal condition');
  const allow = JSON.parse(await page.locator('[data-testid=policy-shape][data-shape=allow-used] [data-testid=policy-actions]').textContent());
  assert.deepEqual(allow.Statement[0].Action, ['ec2:*']);
  for (const shape of ['deny-on-principal', 'boundary']) {
    const card = page.locator(`[data-testid=policy-shape][data-shape=${shape}]`);
    assert.equal(await card.locator('pre').count(), 0, shape);
    assert.match(await card.textContent(), /not one principal/);
  }
  assert.doesNotMatch(await page.getByTestId('policy-panel').textContent(), /REPLACE_WITH_PRINCIPAL/);
  // Its data reads the SCPs and has no tracked actions: its own caveats.
  for (const id of ['caveats', 'chart-caveat']) {
    const said = await page.getByTestId(id).textContent();
    assert.match(said, /lists the services the SCPs that apply to its entity allow/, id);
    assert.doesNotMatch(said, /permissions policies|Action-level tracking/, id);
  }
  await screenshot(page, 'e2e-org');
  assert.deepEqual(problems, []);
});

test("the AWS CLI's YAML output loads as its JSON does; its text and table outputs are explained", async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  // --output yaml (the XML report) and --output yaml-stream (alice's two pages).
  await page.getByTestId('file-input').setInputFiles([fixture('yaml/report.yaml'), fixture('yaml/alice-stream.yaml')]);
  await page.waitForSelector('[data-testid=summary][data-reports="2"]');
  const alice = [...json('cli-v2/page-1.json').ServicesLastAccessed, ...json('cli-v2/page-2.json').ServicesLastAccessed];
  const shown = await summary(page);
  assert.ok([String(alice.length), '3'].includes(shown.services), JSON.stringify(shown));
  // --output text and --output table: named, with what to run instead; the
  // reports stay.
  await page.getByTestId('file-input').setInputFiles([fixture('cli-text/report.txt'), fixture('cli-text/report-table.txt')]);
  const messages = page.getByTestId('messages');
  await messages.locator('text=report-table.txt').waitFor();
  await messages.locator('text=report.txt').first().waitFor();
  const text = await messages.textContent();
  assert.match(text, /--output text\)/);
  assert.match(text, /--output table\)/);
  assert.match(text, /--output json/);
  assert.equal((await summary(page)).reports, '2');
  // The file dialog offers YAML files.
  assert.match(await page.getByTestId('file-input').getAttribute('accept'), /\.yaml,\.yml/);
  await screenshot(page, 'e2e-cli-formats');
  assert.deepEqual(problems, []);
});

test('hostile files: markup stays text, long names keep the layout, deep nesting is refused', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles(fixture('hostile/html-payloads.json'));
  await page.getByTestId('summary').waitFor();
  // Every string field carried <img onerror> and <script>: none became markup.
  assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
  assert.equal(await page.locator('.app img, .app script').count(), 0);
  const cell = await page.locator('[data-testid=services-table] tbody tr td.name').first().textContent();
  assert.ok(cell.includes('<script>'), cell);
  const banner = await page.getByTestId('job-status').textContent();
  assert.ok(banner.includes('<img src=x'), 'the Marker is shown as text');

  await page.getByTestId('file-input').setInputFiles(fixture('hostile/long-name.json'));
  await page.waitForSelector('[data-testid=summary][data-reports="1"]');
  await page.waitForFunction(() => [...document.querySelectorAll('td.name')].some((td) => td.textContent.length > 10000));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `a 10 000-character name widened the page by ${overflow}px`);
  const rowHeight = await page.evaluate(() => Math.max(...[...document.querySelectorAll('[data-testid=services-table] tbody tr')].map((r) => r.getBoundingClientRect().height)));
  assert.ok(rowHeight < 200, `a 10 000-character name made a row ${rowHeight}px tall`);
  await screenshot(page, 'e2e-hostile');

  await page.getByTestId('file-input').setInputFiles(fixture('hostile/deep-nesting.json'));
  const alert = page.locator('[data-testid=messages] [role=alert]');
  await alert.first().waitFor();
  assert.match(await alert.first().textContent(), /deep-nesting\.json.*recursion limit/);
  assert.equal(await page.getByTestId('summary').count(), 1, 'loaded data stays');
  assert.deepEqual(problems, []);
});

test('a 50 MB report loads off the main thread; a second one can be cancelled', async () => {
  // 540 services x 500 tracked actions, indented like the CLI prints it: about 50 MB.
  const { file, bytes: size } = generate(path.join(os.tmpdir(), 'lastaccessed-50mb.json'), { services: 540, actions: 500 });
  const { page, problems } = await openApp(env.browser, env.server.url);
  // Watch the main thread: the longest gap between animation frames.
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => { window.__gaps.push(t - last); last = t; window.__raf = requestAnimationFrame(tick); };
    window.__raf = requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('pending').waitFor();
  assert.match(await page.getByTestId('pending').textContent(), /MB/);
  await page.waitForSelector('[data-testid=summary]', { timeout: 120_000 });
  const loadMs = Date.now() - t0;
  const s = await summary(page);
  const gaps = await page.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__gaps; });
  const parsingGaps = gaps.slice(2);
  console.log(`# 50 MB: ${(size / 1e6).toFixed(1)} MB, ${s.services} services, ${s.actions} actions loaded in ${loadMs} ms; ` +
    `longest main-thread frame gap ${Math.round(Math.max(...parsingGaps))} ms over ${parsingGaps.length} frames`);
  assert.equal(Number(s.actions), Number(s.services) * 500);
  // Both tables are windowed: a few dozen rows in the page, whatever the size.
  const services = page.getByTestId('services-table');
  assert.equal(await services.getAttribute('aria-rowcount'), String(Number(s.services) + 1));
  assert.ok(await services.locator('tbody tr[data-namespace]').count() < 100);
  const table = page.getByTestId('actions-table');
  assert.equal(await table.getAttribute('aria-rowcount'), String(Number(s.actions) + 1));
  const inPage = await table.locator('tbody tr[data-action]').count();
  assert.ok(inPage > 5 && inPage < 100, `${inPage} action rows in the DOM`);
  // Scrolled to the end, the last rows are there, and still only a few.
  const top = (i) => table.locator(`tr[aria-rowindex="${i}"]`).evaluate((tr) => tr.offsetTop);
  const first = await top(2);
  await page.getByTestId('actions-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector(`[data-testid=actions-table] tr[aria-rowindex="${Number(s.actions) + 1}"]`);
  assert.ok(await table.locator('tbody tr[data-action]').count() < 100);
  // Where every row would be were all in the page (52 px each): the spacer
  // rows above and below hold the rows not drawn.
  const offset = (await top(Number(s.actions) + 1)) - first;
  assert.ok(Math.abs(offset - (Number(s.actions) - 1) * 52) <= 2, `the last row is ${offset} px below the first`);
  // Nothing inside the scroll boxes leaks out: the page stays page-sized.
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(pageHeight < 20000, `the page is ${pageHeight} px tall`);
  await screenshot(page, 'e2e-50mb');

  // Load it again, and cancel while it parses: the page answers the click.
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('cancel-load').click();
  await page.getByTestId('pending').waitFor({ state: 'detached' });
  assert.equal((await summary(page)).actions, s.actions, 'the cancelled copy never lands');
  assert.deepEqual(problems, []);
});

test('a large array of pages is read in parts and lands as it does read whole; an error late in it is named with its line', async () => {
  // About 14 MB, four pages: read in parts by the parse workers (from 8 MB,
  // on more than one core). Its gzip is read whole by one worker.
  const { file } = generate(path.join(os.tmpdir(), 'lastaccessed-parts.json'), { services: 400, actions: 180 });
  const gz = path.join(os.tmpdir(), 'lastaccessed-parts.json.gz');
  fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(file)));
  const seen = async (input) => {
    const { page, problems } = await openApp(env.browser, env.server.url);
    assert.ok(await page.evaluate(() => navigator.hardwareConcurrency) > 1, 'the test needs two cores to read in parts');
    await page.getByTestId('file-input').setInputFiles(input);
    await page.waitForSelector('[data-testid=summary]', { timeout: 60_000 });
    await page.getByTestId('pending').waitFor({ state: 'detached' });
    const view = {
      summary: await summary(page),
      services: await page.getByTestId('services-table').locator('tbody').innerText(),
      actions: await page.getByTestId('actions-table').getAttribute('aria-rowcount'),
      messages: await page.getByTestId('messages').innerText().catch(() => ''),
    };
    await page.context().close();
    assert.deepEqual(problems, []);
    return view;
  };
  const parts = await seen(file);
  const whole = await seen(gz);
  assert.equal(parts.summary.services, '400');
  assert.equal(parts.actions, String(400 * 180 + 1));
  assert.deepEqual(parts.summary, whole.summary);
  assert.equal(parts.services, whole.services);
  assert.equal(parts.messages.replaceAll('.json.gz', '.json'), whole.messages.replaceAll('.json.gz', '.json'));

  // A worker that dies reading its part (an error event, as a crashing
  // worker raises, right after the part is posted to it): the file is read
  // whole by another worker and lands the same.
  {
    const { page, problems } = await openApp(env.browser, env.server.url);
    await page.evaluate(() => {
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (msg, transfer) {
        post.call(this, msg, transfer);
        if (msg && msg.part && !msg.part.first && !window.__crashed) {
          window.__crashed = true;
          setTimeout(() => this.dispatchEvent(new ErrorEvent('error', { message: 'simulated part crash' })), 0);
        }
      };
    });
    await page.getByTestId('file-input').setInputFiles(file);
    await page.waitForSelector('[data-testid=summary]', { timeout: 60_000 });
    await page.getByTestId('pending').waitFor({ state: 'detached' });
    assert.ok(await page.evaluate(() => window.__crashed), 'a part was posted, and its worker crashed');
    assert.deepEqual(await summary(page), whole.summary);
    assert.equal(await page.locator('[role=alert]').count(), 0, 'no file failed');
    assert.deepEqual(problems, []);
    await page.context().close();
  }

  // A bad value in its last page: the parts do not chain, the file is read
  // whole, and the message gives the line; a small file beside it loads.
  const text = fs.readFileSync(file, 'utf8');
  const at = text.lastIndexOf('"JobStatus": "COMPLETED"');
  const bad = path.join(os.tmpdir(), 'lastaccessed-parts-bad.json');
  fs.writeFileSync(bad, `${text.slice(0, at)}"JobStatus": 7${text.slice(at + '"JobStatus": "COMPLETED"'.length)}`);
  const line = text.slice(0, at).split('\n').length;
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([bad, fixture('cli-v2/page-1.json')]);
  const alert = page.locator('[data-testid=messages] [role=alert]');
  await alert.first().waitFor({ timeout: 60_000 });
  assert.match(await alert.first().textContent(), new RegExp(`lastaccessed-parts-bad\\.json.*line ${line}\\b`));
  await page.getByTestId('pending').waitFor({ state: 'detached' });
  assert.ok(Number((await summary(page)).services) > 0, 'the other file loaded');
  await screenshot(page, 'e2e-parts-error');
  assert.deepEqual(problems, []);
});

test('a page that can start no parse worker says so once for each file, one queued in parts too', async () => {
  const { file } = generate(path.join(os.tmpdir(), 'lastaccessed-parts.json'), { services: 400, actions: 180 });
  const context = await env.browser.newContext();
  // The engine's worker starts (the first one); every parse worker is refused.
  await context.addInitScript(() => {
    const Real = window.Worker;
    let started = 0;
    window.Worker = function (url, options) {
      started += 1;
      if (started > 1) throw new Error('workers are blocked here');
      return new Real(url, options);
    };
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(env.server.url);
  await page.getByTestId('sample-load').waitFor();
  await page.getByTestId('file-input').setInputFiles([file, fixture('cli-v2/page-1.json')]);
  await page.getByTestId('pending').waitFor();
  // The first worker is given 15 s to start before parsing is given up.
  await page.getByTestId('pending').waitFor({ state: 'detached', timeout: 40_000 });
  const alerts = await page.locator('[data-testid=messages] [role=alert]').allTextContents();
  assert.equal(alerts.length, 2, alerts.join('\n'));
  assert.ok(alerts.some((a) => /lastaccessed-parts\.json: not read: files are parsed in a Web Worker, and this page could not start one/.test(a)), alerts.join('\n'));
  assert.ok(alerts.some((a) => /page-1\.json: not read: files are parsed in a Web Worker/.test(a)), alerts.join('\n'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('an engine from another build is not talked to: the page says so and names both builds', async () => {
  const context = await env.browser.newContext();
  // The engine's worker (the first one) answers "ready" as a cached worker
  // script of an older build would: the page must not read its replies.
  await context.addInitScript(() => {
    const Real = window.Worker;
    const onmessage = Object.getOwnPropertyDescriptor(Real.prototype, 'onmessage');
    let started = 0;
    window.Worker = function (url, options) {
      const w = new Real(url, options);
      started += 1;
      if (started === 1) {
        Object.defineProperty(w, 'onmessage', {
          get: () => onmessage.get.call(w),
          set: (h) => onmessage.set.call(w, (e) => (typeof e.data === 'string' && e.data.startsWith('ready ')
            ? h({ data: 'ready 0.0.1 0123abc' })
            : h(e))),
        });
      }
      return w;
    };
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(env.server.url);
  const alert = page.locator('[data-testid=messages] [role=alert]');
  await alert.first().waitFor();
  const text = await alert.first().textContent();
  assert.match(text, /this page: not read: its engine is from another build of lastaccessed \(0\.0\.1 0123abc, this page \d+\.\d+\.\d+\b/);
  assert.match(text, /reload the page to go on/);
  await screenshot(page, 'e2e-engine-other-build');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file over the limit is refused with a clear message', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  const huge = path.join(os.tmpdir(), 'lastaccessed-200mb.json');
  if (!fs.existsSync(huge)) {
    const fd = fs.openSync(huge, 'w');
    fs.ftruncateSync(fd, 200 * 1e6);
    fs.closeSync(fd);
  }
  await page.getByTestId('file-input').setInputFiles(huge);
  const alert = page.locator('[data-testid=messages] [role=alert]');
  await alert.first().waitFor();
  assert.match(await alert.first().textContent(), /lastaccessed-200mb\.json: too large: 200 MB/);
  assert.deepEqual(problems, []);
});

test('a chosen folder loads every file in it; reports that name no principal are labelled by their folder; pastes are named', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  // An account's folder as the collection scripts lay it out: a role that
  // used nothing (its data names no principal) and a user that did.
  const root = tempDir('folder');
  const acct = path.join(root, '123456789012');
  fs.mkdirSync(path.join(acct, 'roles', 'ci-deployer'), { recursive: true });
  fs.mkdirSync(path.join(acct, 'users', 'alice', 'nested'), { recursive: true });
  fs.writeFileSync(path.join(acct, 'roles', 'ci-deployer', 'page-1.json'), JSON.stringify({
    JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', JobCreationDate: '2026-11-20T10:00:00Z', JobCompletionDate: '2026-11-20T10:00:04Z',
    ServicesLastAccessed: [{ ServiceName: 'Amazon S3', ServiceNamespace: 's3', TotalAuthenticatedEntities: 0 },
      { ServiceName: 'AWS Lambda', ServiceNamespace: 'lambda', TotalAuthenticatedEntities: 0 }],
    IsTruncated: false,
  }, null, 2));
  fs.copyFileSync(fixture('cli-v1/page-1.json'), path.join(acct, 'users', 'alice', 'page-1.json'));
  fs.copyFileSync(fixture('cli-v1/page-2.json'), path.join(acct, 'users', 'alice', 'nested', 'page-2.json'));
  fs.writeFileSync(path.join(acct, '.DS_Store'), 'junk');
  await page.getByTestId('folder-input').setInputFiles(acct);
  await page.waitForSelector('[data-testid=summary][data-reports="2"]');
  const options = await page.getByTestId('report-select').locator('option').allTextContents();
  // A role that used nothing is named by its folder (the collection layout).
  assert.ok(options.includes('role/ci-deployer (123456789012)'), options.join(' | '));
  assert.ok(options.some((o) => o.startsWith('user/alice')), options.join(' | '));
  // Hidden files are not reports: no message about .DS_Store.
  assert.doesNotMatch(await page.getByTestId('messages').textContent(), /DS_Store/);
  await page.getByTestId('report-select').selectOption({ label: 'role/ci-deployer (123456789012)' });
  await page.waitForSelector('[data-testid=summary][data-never="2"]');
  assert.match(await page.getByTestId('loaded-files').textContent(), /123456789012\/roles\/ci-deployer\/page-1\.json/);
  await screenshot(page, 'e2e-folder');

  // Two pastes: a message says which one it is about.
  await page.locator('details.paste').evaluate((d) => { d.open = true; });
  await page.getByTestId('paste-input').fill('{"not": "a report"');
  await page.getByTestId('paste-load').click();
  await page.getByTestId('paste-input').fill('{also not json');
  await page.getByTestId('paste-load').click();
  await page.waitForFunction(() => document.querySelectorAll('[role=alert]').length === 2);
  const alerts = await page.locator('[role=alert]').allTextContents();
  assert.match(alerts[0], /pasted text[,:]/);
  assert.match(alerts[1], /pasted text 2[,:]/);
  await page.getByTestId('dismiss-all').click();
  await page.waitForFunction(() => document.querySelectorAll('[role=alert]').length === 0);
  assert.deepEqual(problems, []);
});

test("pages named as the guide names them: a role that used nothing is named by the files alone, and its SCP scoped to it", async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  const dir = tempDir('guide-names');
  const files = [1, 2].map((n) => {
    const file = path.join(dir, `123456789012_role_quiet-one_page-${n}.json`);
    fs.writeFileSync(file, JSON.stringify({
      JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', JobCreationDate: '2026-11-20T10:00:00Z', JobCompletionDate: '2026-11-20T10:00:04Z',
      ServicesLastAccessed: [{ ServiceName: n === 1 ? 'Amazon S3' : 'AWS Lambda', ServiceNamespace: n === 1 ? 's3' : 'lambda', TotalAuthenticatedEntities: 0 }],
      IsTruncated: n === 1, ...(n === 1 ? { Marker: 'm1' } : {}),
    }, null, 2));
    return file;
  });
  await page.getByTestId('file-input').setInputFiles(files);
  await page.waitForSelector('[data-testid=summary][data-never="2"]');
  assert.match(await page.getByTestId('summary').locator('.report-title').textContent(), /role\/quiet-one/);
  // The SCP names the role, not a placeholder.
  const scp = page.locator('[data-testid=policy-shape][data-shape=scp] pre');
  await scp.waitFor();
  // Named by its files, its IAM path unknown: matched whatever it is.
  const condition = JSON.parse(await scp.textContent()).Statement[0].Condition;
  assert.deepEqual(condition, { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::123456789012:role/quiet-one', 'arn:aws:iam::123456789012:role/*/quiet-one'] } });
  assert.deepEqual(problems, []);
});

test("an Organizations report's pages named as the guide names them: its SCPs go to the entity the files name", async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  const dir = tempDir('org-names');
  // The fixture is about the root: every account in it is under o-…/r-f6g7.
  const file = path.join(dir, 'org_o-a1b2c3d4e5_r-f6g7_page-1.json');
  fs.copyFileSync(fixture('org/org-report.json'), file);
  await page.getByTestId('file-input').setInputFiles([file]);
  await page.waitForSelector('[data-testid=org-table]');
  assert.match(await page.getByTestId('org-target').textContent(), /^the organization entity o-a1b2c3d4e5\/r-f6g7 \(as its files name it\)$/);
  for (const shape of ['scp', 'allow-used']) {
    const placement = await page.locator(`[data-testid=policy-shape][data-shape=${shape}] [data-testid=policy-placement]`).textContent();
    assert.match(placement, /Attach in AWS Organizations to r-f6g7 \(o-a1b2c3d4e5\/r-f6g7\), the entity the report was generated for as its files name it/, shape);
    // With the commands that put it there.
    const notes = await page.locator(`[data-testid=policy-shape][data-shape=${shape}] .shape-notes`).textContent();
    assert.match(notes, new RegExp(`--content file://lastaccessed-${shape}\\.json .*aws organizations attach-policy --policy-id "\\$POLICY_ID" --target-id r-f6g7`), shape);
  }
  assert.deepEqual(problems, []);
});

test('1 000 files at once: a bounded pool of workers accounts for every one, the page answers throughout', async () => {
  // 30 jobs × 30 pages (about 10 KB each, paged by Marker) and 100
  // malformed files, sorted by name as a file picker hands them over (each
  // job's pages together, so the reports appear one after another).
  const files = generateMany(tempDir('1000')).sort();
  const before = env.server.requests.length;
  const { page, problems } = await openApp(env.browser, env.server.url);
  // Every report shown on screen while the files load, frame by frame.
  await page.evaluate(() => {
    window.__shown = [];
    const tick = () => {
      const id = document.querySelector('[data-testid=report-select]')?.value;
      if (id && window.__shown.at(-1) !== id) window.__shown.push(id);
      if (!window.__loaded) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(files);
  // The page answers a click while the files are read.
  await page.locator('details.paste summary').click();
  await page.waitForSelector('[data-testid=summary][data-reports="30"]', { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid=pending]'), null, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelectorAll('[role=alert]').length === 100, null, { timeout: 60_000 });
  const ms = Date.now() - t0;
  console.log(`# 1 000 files (900 pages of 30 jobs, 100 malformed): every file accounted for in ${ms} ms`);
  // The report on screen stays put while the other 29 arrive (it used to
  // jump to each new one; and, before every chosen file was pending from
  // its choice, a second time whenever every file read so far was parsed
  // before the next read ended).
  const shown = await page.evaluate(() => { window.__loaded = true; return window.__shown; });
  assert.equal(shown.length, 1, `reports shown in turn during the load: ${shown.join(', ')}`);
  const alerts = await page.locator('[role=alert]').allTextContents();
  const named = new Set(alerts.map((a) => (a.match(/bad-\d+\.json/) ?? [])[0]));
  assert.equal(named.size, 100, 'each malformed file named once');
  // Every report complete: all 30 pages of each job arrived.
  for (const label of (await page.getByTestId('report-select').locator('option').allTextContents()).slice(0, 3)) {
    await page.getByTestId('report-select').selectOption({ label });
    await page.waitForSelector('[data-testid=summary][data-services="300"][data-pages="30"][data-complete="true"]');
  }
  // At most hardwareConcurrency workers ever ran: the script was fetched
  // once per worker, not once per file.
  // (One more for the start-up probe.)
  const workers = env.server.requests.slice(before).filter((r) => r === '/worker.js').length;
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.ok(workers <= cores + 1, `${workers} worker scripts fetched for ${cores} cores`);
  assert.deepEqual(problems, []);
});

test('a parse worker that dies costs at most its own file: a message names it, the rest load', async () => {
  const files = generateMany(tempDir('crash'), { jobs: 4, pages: 30, bad: 0 });
  const { page, problems } = await openApp(env.browser, env.server.url);
  // Crash the parse worker handed one chosen file (20 ms later), while
  // files are queued behind it: an uncaught error inside it while it parses that file, as a
  // crashing parser would raise. (Every worker is hooked, those the page
  // has started and those it starts: the pool keeps a second one ready.)
  const victim = path.basename(files[4]);
  let hooked = 0;
  const hook = (w) => w.evaluate((victim) => self.addEventListener('message', (e) => {
    if (e.data && e.data.bytes && e.data.name === victim && !self.crashed) {
      self.crashed = true;
      setTimeout(() => { throw new Error('simulated parser crash'); }, 20);
    }
  }), victim).then(() => { hooked += 1; }).catch(() => {});
  page.on('worker', hook);
  await Promise.all(page.workers().map(hook));
  await page.getByTestId('file-input').setInputFiles(files);
  // The files are queued (the engine lists them as pending), then every one
  // is accounted for.
  await page.getByTestId('pending').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=pending]'), null, { timeout: 60_000 });
  assert.ok(hooked >= 2, 'the engine and a parse worker were hooked');
  const alerts = await page.locator('[role=alert]').allTextContents();
  // At most the file it held fails, named, with why; every other file loads.
  console.log(`# worker crash: ${alerts.length} file(s) failed: ${alerts.join(' | ')}`);
  assert.ok(alerts.length <= 1, alerts.join('\n'));
  // (The file it held when the error came: the chosen one, or one after it.)
  for (const a of alerts) assert.match(a, /job-\d+-page-\d+\.json: not read: its parser failed .*simulated parser crash/);
  const s = await page.getByTestId('summary').evaluate((el) => ({ ...el.dataset }));
  assert.equal(s.reports, '4');
  const pages = [];
  for (const label of await page.getByTestId('report-select').locator('option').allTextContents()) {
    await page.getByTestId('report-select').selectOption({ label });
    await page.waitForFunction((l) => document.querySelector('.report-title')?.textContent === l, label);
    pages.push(Number(await page.getByTestId('summary').getAttribute('data-pages')));
  }
  assert.equal(pages.reduce((a, b) => a + b, 0), 120 - alerts.length, `pages loaded: ${pages}`);
  // Nothing else went wrong (the crash itself may reach the console).
  assert.deepEqual(problems.filter((p) => !/simulated parser crash/.test(p)), []);
});
