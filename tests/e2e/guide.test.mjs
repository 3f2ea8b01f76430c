// Issue #8 end to end, in the built app: a newcomer with no file gets the
// commands (with their ARN filled in) from the first screen; pasted AWS errors
// and the generate call's JobId are explained; times switch between UTC and
// local; ARNs copy; empty states; version and privacy in the footer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { withApp, openApp, screenshot, fixture, reportDrawn, tempDir, ROOT } from './harness.mjs';

const env = withApp();

async function paste(page, text) {
  const details = page.locator('details.paste');
  if (!(await details.getAttribute('open'))) await page.locator('details.paste > summary').click();
  await page.getByTestId('paste-input').fill(text);
  await page.getByTestId('paste-load').click();
}

test('first screen: empty state and the commands with the typed ARN', async () => {
  const { page, context, problems } = await openApp(env.browser, env.server.url, undefined, {
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await page.getByTestId('empty-state').waitFor();
  const help = page.getByTestId('help-panel');
  await help.waitFor();
  // A placeholder until an ARN is typed.
  assert.match(await help.locator('pre').first().innerText(), /ARN='arn:aws:iam::123456789012:role\/YourRole'/);

  const arn = 'arn:aws:iam::210987654321:role/team/Auditor';
  await page.getByTestId('help-arn').fill(arn);
  await page.getByTestId('help-arn-check').filter({ hasText: 'role ARN in account 210987654321' }).waitFor();
  const cli = await help.locator('[data-testid=help-cli] pre').allInnerTexts();
  assert.equal(cli.length, 5);
  assert.match(cli[0], new RegExp(`^ARN='${arn}'`));
  assert.match(cli[0], /generate-service-last-accessed-details --arn "\$ARN" --granularity ACTION_LEVEL/);
  assert.match(cli[1], /JobStatus --output text\)" = IN_PROGRESS/);
  assert.match(cli[2], /--marker "\$marker"/);
  assert.match(cli[3], /get-service-last-accessed-details-with-entities --job-id "\$JOB_ID" --service-namespace/);
  // The account's policies, for granted vs used and the rewrite.
  assert.match(cli[4], /iam:GetAccountAuthorizationDetails/);
  assert.match(cli[4], /aws iam get-account-authorization-details --output json > authorization-details\.json/);

  // Service level drops ACTION_LEVEL everywhere.
  await page.getByTestId('help-action-level').uncheck();
  await help.locator('pre').first().filter({ hasText: 'SERVICE_LEVEL' }).waitFor();

  // The copy button puts exactly the shown text on the clipboard.
  await help.locator('[data-testid=help-cli] figure').first().getByTestId('copy').click();
  await help.locator('button.copy.copied').first().waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await help.locator('[data-testid=help-cli] pre').first().innerText());

  await page.getByTestId('help-tab-boto3').click();
  const py = await page.getByTestId('help-boto3').locator('pre').innerText();
  assert.match(py, new RegExp(`ARN = "${arn}"`));
  assert.match(py, /json\.dump\(page, f, default=str, indent=2\)/);
  await page.getByTestId('help-tab-org').click();
  assert.match(await page.getByTestId('help-org').innerText(), /generate-organizations-access-report --entity-path/);
  // The whole account: the shipped scripts, copied exactly as they are in the repo.
  await page.getByTestId('help-tab-account').click();
  const account = page.getByTestId('help-account');
  // (The engine holds the scripts; they show once it has sent them.)
  await account.locator('figure', { hasText: 'lastaccessed-collect.sh' }).getByTestId('copy').click();
  await account.locator('button.copy.copied').first().waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()),
    fs.readFileSync(path.join(ROOT, 'scripts/collect/lastaccessed-collect.sh'), 'utf8'));
  assert.match(await account.locator('pre').nth(1).innerText(), /def main\(\):/);
  await account.screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-guide-account.png') });

  // An assumed-role ARN is explained, with the role ARN to use.
  await page.getByTestId('help-arn').fill('arn:aws:sts::210987654321:assumed-role/Auditor/me@example.com');
  await page.getByTestId('help-arn-check').filter({ hasText: 'arn:aws:iam::210987654321:role/Auditor' }).waitFor();
  assert.equal(await page.getByTestId('help-arn').getAttribute('aria-invalid'), 'true');
  await page.getByTestId('help-tab-cli').click();
  assert.match(await help.locator('pre').first().innerText(), /YourRole/, 'an invalid ARN never reaches the commands');

  // Reading a file (here a pasted error) keeps what was typed.
  await page.getByTestId('help-tab-cli').click();
  await page.getByTestId('help-arn').fill(arn);
  await paste(page, 'not json at all');
  await page.locator('[role=alert]').first().waitFor();
  assert.equal(await page.getByTestId('help-arn').inputValue(), arn);
  await page.locator('[role=alert] button.dismiss').first().click();

  // Footer: version and build; privacy statement.
  const version = JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1'], { encoding: 'utf8' }))
    .packages.find((p) => p.name === 'lastaccessed').version;
  assert.match(await page.getByTestId('app-version').innerText(), new RegExp(`^lastaccessed ${version.replace(/\./g, '\\.')}`));
  let commit = '';
  try {
    commit = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  } catch {}
  if (commit) assert.match(await page.getByTestId('app-version').innerText(), /\(build [0-9a-f]{7,}/);
  await page.getByTestId('privacy').locator('summary').click();
  const privacy = await page.getByTestId('privacy').innerText();
  assert.match(privacy, /never uploaded/);
  assert.match(privacy, /Nothing is stored/);
  assert.match(privacy, /share link/i);
  await screenshot(page, 'guide-first-screen');
  assert.deepEqual(problems, []);
  await context.close();
});

test('pasted AWS errors and the JobId output are explained', async () => {
  const { page, context, problems } = await openApp(env.browser, env.server.url);
  const cases = [
    ['cli-nosuchentity.txt', 'NoSuchEntity', /same user, or the same role within the same session/],
    ['boto3-nosuchentity-traceback.txt', 'NoSuchEntity', /boto3 error NoSuchEntity \(GetServiceLastAccessedDetails\)/],
    ['boto3-invalidinput-response.json', 'InvalidInput', /malformed/],
    ['cli-invalidinput.txt', 'InvalidInput', /--job-id the JobId printed by/],
    ['query-api-error.xml', 'NoSuchEntity', /AWS error response \(XML\)/],
    ['cli-accessdenied.txt', 'AccessDenied', /iam:GetServiceLastAccessedDetails/],
  ];
  for (const [file, code, explanation] of cases) {
    await paste(page, fs.readFileSync(fixture(`aws-errors/${file}`), 'utf8'));
    const msg = page.locator(`[data-code=${code}]`).last();
    await msg.waitFor();
    const text = await msg.innerText();
    assert.match(text, explanation, file);
    assert.doesNotMatch(text, /invalid JSON/, file);
    // Dismissing goes through the engine: wait until the message is gone, or
    // the next paste's lookup could find this one still on the page.
    const before = await page.locator('[role=alert]').count();
    await page.locator('[role=alert] button.dismiss').first().click();
    await page.waitForFunction((n) => document.querySelectorAll('[role=alert]').length < n, before);
  }
  // The generate call's output: the JobId and the commands for it.
  await paste(page, fs.readFileSync(fixture('aws-errors/generate-output-cli.json'), 'utf8'));
  const job = page.locator('[data-code=JobId]');
  await job.waitFor();
  assert.match(await job.innerText(), /the JobId examplef-1305-c245-eba4-71fe298bcda7, not the report/);
  assert.match(await job.locator('pre').innerText(), /^JOB_ID='examplef-1305-c245-eba4-71fe298bcda7'\n/);
  await screenshot(page, 'guide-jobid-explained');
  await page.locator('[role=alert] button.dismiss').first().click();
  // "Show the commands" opens the guide over a loaded report too.
  await page.getByTestId('sample-load').click();
  await page.getByTestId('summary').waitFor();
  assert.equal(await page.getByTestId('help-panel').count(), 0, 'the guide steps aside once a report is loaded');
  await paste(page, fs.readFileSync(fixture('aws-errors/cli-nosuchentity.txt'), 'utf8'));
  await page.getByTestId('show-help').click();
  await page.getByTestId('help-panel').waitFor();
  const principal = await page.getByTestId('principal').locator('.arn').innerText();
  assert.equal(await page.getByTestId('help-arn').inputValue(), principal, 'prefilled with the report principal');
  assert.equal(await page.getByTestId('summary').count(), 1, 'the loaded report stays');
  await page.getByTestId('help-close').click();
  assert.equal(await page.getByTestId('help-panel').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('times: UTC by default, local on request, age beside every time, full timestamp on hover', async () => {
  const { page, context, problems } = await openApp(env.browser, env.server.url, undefined, {
    timezoneId: 'America/New_York',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await page.getByTestId('sample-load').click();
  await page.getByTestId('summary').waitFor();
  const created = page.getByTestId('created').locator('time');
  const iso = await created.getAttribute('datetime');
  const utc = await created.innerText();
  assert.match(utc, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(utc, new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  assert.match(await page.getByTestId('created').innerText(), /\d+ days? ago|today/);
  assert.match(await created.getAttribute('title'), /\(UTC\) · .*-0[45]:00 local/);

  // Every time in the services table has its age beside it.
  const cells = page.locator('[data-testid=services-table] td[data-label="Last accessed"]');
  const n = await cells.count();
  assert.ok(n > 3);
  for (let i = 0; i < n; i++) {
    const cell = cells.nth(i);
    if ((await cell.locator('time').count()) === 0) continue; // never used: no time
    assert.ok((await cell.locator('.rel').innerText()).length > 0);
  }
  // Local time: New York's offset for that date, same instant.
  await page.getByTestId('zone-local').click();
  await page.getByTestId('created').locator('time', { hasText: /-0[45]:00$/ }).waitFor();
  const local = await created.innerText();
  const offsetMin = await page.evaluate((d) => -new Date(d).getTimezoneOffset(), iso);
  const sign = offsetMin < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0');
  assert.ok(local.endsWith(`${sign}${hh}:00`), local);
  assert.equal(new Date(local).getTime(), new Date(utc).getTime(), 'the same instant');
  assert.equal(await page.getByTestId('zone-local').getAttribute('aria-pressed'), 'true');
  assert.match(await page.getByTestId('services-table').locator('thead').innerText(), /Last accessed \(local\)/);
  await screenshot(page, 'guide-local-time');
  await page.getByTestId('zone-utc').click();
  await page.getByTestId('created').locator('time', { hasText: /Z$/ }).waitFor();

  // The Entity column would repeat the principal on every row: it is left
  // out, and the principal's ARN is copied from the summary.
  assert.equal(await page.locator('[data-testid=services-table] td[data-label=Entity]').count(), 0);
  const entity = page.getByTestId('principal').locator('.arn-wrap');
  assert.match(await entity.getByTestId('copy').getAttribute('aria-label'), /^Copy ARN arn:aws:iam::/);
  const arn = await entity.locator('.arn').innerText();
  await entity.getByTestId('copy').click();
  await entity.locator('button.copy.copied').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), arn);

  // A filter that hides everything says so, and clears. (The tables keep
  // their rows out of sight meanwhile, to redraw them in place: none shows.)
  const rows = (t) => page.locator(`[data-testid=${t}] tbody tr[data-namespace]:visible`).count();
  const before = [await rows('services-table'), await rows('actions-table')];
  assert.ok(before[0] > 0 && before[1] > 0, `${before}`);
  await page.getByTestId('search').fill('no-such-service-anywhere');
  await page.getByTestId('services-empty').filter({ hasText: 'No services match the filters' }).waitFor();
  await page.getByTestId('actions-empty').waitFor();
  assert.deepEqual([await rows('services-table'), await rows('actions-table')], [0, 0]);
  await screenshot(page, 'guide-empty-filter');
  await page.getByTestId('empty-clear-filters').click();
  await page.locator('[data-testid=services-table] tbody tr[data-namespace]').first().waitFor();
  await page.getByTestId('services-empty').waitFor({ state: 'detached' });
  assert.deepEqual([await rows('services-table'), await rows('actions-table')], before);
  assert.equal(await page.getByTestId('search').inputValue(), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a completed report with no services says so', async () => {
  const { page, context, problems } = await openApp(env.browser, env.server.url);
  await paste(page, JSON.stringify({
    JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL',
    JobCreationDate: '2026-11-01T10:00:00Z', JobCompletionDate: '2026-11-01T10:00:05Z',
    ServicesLastAccessed: [], IsTruncated: false,
  }));
  await page.getByTestId('summary').waitFor();
  assert.match(await page.getByTestId('job-status').innerText(), /lists no services/);
  assert.match(await page.getByTestId('services-empty').innerText(), /No services in this report/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every font a report view lays out was looked up before the first report (the font warm-up)', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  // index.html's own: laid out with the page, before the app starts.
  assert.equal(await page.getByTestId('font-warmup').count(), 1);
  // Family, size, weight, style and figures of every element holding text.
  const fonts = () => page.evaluate(() => {
    const out = new Set();
    for (const el of document.querySelectorAll('body *')) {
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) continue;
      const s = getComputedStyle(el);
      out.add([s.fontFamily, s.fontSize, s.fontWeight, s.fontStyle, s.fontVariantNumeric].join(' | '));
    }
    return [...out];
  });
  const before = new Set(await fonts());
  const missing = new Set();
  // A role's action-level report with its policies (the sample) ...
  await page.getByTestId('sample-load').click();
  await reportDrawn(page);
  for (const f of await fonts()) if (!before.has(f)) missing.add(f);
  // ... and an account: its principals side by side, their grants and rewrites.
  // (With a principal the fleet flags: a role that used nothing.)
  const unused = path.join(tempDir('fonts'), 'unused.json');
  fs.writeFileSync(unused, JSON.stringify({
    JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', JobCreationDate: '2026-11-01T00:00:00Z',
    JobCompletionDate: '2026-11-01T00:01:00Z', IsTruncated: false,
    'x-lastaccessed-principal': 'arn:aws:iam::444455556666:role/idle',
    ServicesLastAccessed: [{ ServiceName: 'AWS Glue', ServiceNamespace: 'glue', TotalAuthenticatedEntities: 0 }],
  }));
  await page.getByTestId('file-input').setInputFiles([
    fixture('authz/cli-v2-page-1.json'), fixture('authz/cli-v2-page-2.json'), fixture('xml/report.xml'),
    fixture('authz/444455556666/users/bob/page-1.json'), fixture('authz/444455556666/roles/nightly-etl/page-1.json'), unused,
  ]);
  await page.getByTestId('fleet-table').waitFor();
  await page.locator('[data-testid=fleet-table] .flag').first().waitFor();
  await reportDrawn(page);
  for (const f of await fonts()) if (!before.has(f)) missing.add(f);
  assert.deepEqual([...missing], [], 'fonts to add to the font warm-up in index.html (its sizes in styles/app.css)');
  assert.deepEqual(problems, []);
});

test('a page whose engine cannot start says so, and the account tab does not wait for its scripts', async () => {
  const context = await env.browser.newContext();
  // No Web Worker can start here (a policy, an extension, a broken build).
  await context.addInitScript(() => {
    window.Worker = function () { throw new Error('workers are blocked here'); };
  });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.getByTestId('help-panel').waitFor();
  const alert = page.locator('[data-testid=messages] [role=alert]');
  await alert.filter({ hasText: /this page could not start its engine/ }).waitFor();
  assert.match(await alert.first().innerText(), /reload the page to go on/);
  // The account tab, reached by keyboard: focus its tab and press Enter.
  await page.getByTestId('help-tab-account').focus();
  await page.keyboard.press('Enter');
  const account = page.getByTestId('help-account');
  await account.getByTestId('help-scripts-failed').waitFor();
  assert.match(await account.getByTestId('help-scripts-failed').innerText(), /engine, which stopped: reload the page/);
  assert.equal(await account.getByTestId('help-scripts-loading').count(), 0);
  await account.screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-guide-no-engine.png') });
  await context.close();
});
