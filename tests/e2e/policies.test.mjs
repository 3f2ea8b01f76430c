// End-to-end: the account's policies beside its reports (issue #14) — what
// each policy grants against what the principal used — in the built app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { withApp, openApp, screenshot, fixture, ROOT, tempDir } from './harness.mjs';

const env = withApp();

test('authorization details show each policy statement against the report: unused write access first, no data apart', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  // A report (role data-pipeline) and the account's details in two CLI pages, chosen together.
  await page.getByTestId('file-input').setInputFiles([
    fixture('xml/report.xml'), fixture('authz/cli-v2-page-1.json'), fixture('authz/cli-v2-page-2.json'),
  ]);
  await page.waitForSelector('[data-testid=granted-table] tbody tr');
  const rows = await page.$$eval('[data-testid=granted-table] tbody tr', (rs) => rs.map((r) => ({ ...r.dataset })));
  const find = (policy, ns) => rows.find((r) => r.policy === policy && r.namespace === ns);
  // Expected from the fixtures: athena:* never used, glue:* last used in March (stale), S3 objects used.
  assert.deepEqual({ ...find('pipeline-inline', 'athena') }, { namespace: 'athena', status: 'never', policy: 'pipeline-inline', risky: 'true' });
  assert.equal(find('GlueAccess', 'glue').status, 'stale');
  assert.equal(find('GlueAccess', 'glue').risky, 'true');
  assert.equal(find('pipeline-inline', 's3').status, 'recent');
  assert.equal(find('pipeline-inline', 's3').risky, 'false');
  // Risky rows come first.
  const firstSafe = rows.findIndex((r) => r.risky === 'false');
  assert.ok(rows.slice(firstSafe).every((r) => r.risky === 'false'), JSON.stringify(rows));
  // Services the report does not list are no data, listed apart, never in the table as unused.
  assert.ok(!rows.some((r) => r.namespace === 's3-object-lambda' || r.namespace === 'iam'));
  const noData = page.getByTestId('granted-no-data');
  await noData.locator('summary').click();
  assert.match(await noData.textContent(), /s3-object-lambda/);
  assert.match(await noData.textContent(), /NOREPOPassRole: iam/);
  assert.match(await page.getByTestId('granted-summary').textContent(), /2 unused with Write or Permissions management access/);
  assert.match(await page.getByTestId('granted-catalog').textContent(), /@cloud-copilot\/iam-data 0\.21\./);
  // The details were read, and said so.
  assert.match(await page.getByTestId('messages').textContent(), /authorization details \(1 user, 1 group, 0 roles, 0 managed policies\)/);
  await screenshot(page, 'e2e-granted');
  // The panel alone, to read it at full size.
  await page.getByTestId('granted-panel').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-granted-panel.png') });
  assert.deepEqual(problems, []);
});

async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: dl.suggestedFilename(), text: fs.readFileSync(await dl.path(), 'utf8') };
}

test("the rewrite: each policy's action and diff, the export, and the apply script run against a stand-in aws", async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([
    fixture('xml/report.xml'), fixture('authz/boto3.json'),
  ]);
  const panel = page.getByTestId('rewrite-panel');
  await panel.waitFor();
  const policies = await page.$$eval('[data-testid=rewrite-policy]', (ps) => ps.map((p) => ({ ...p.dataset })));
  const action = (name) => policies.find((p) => p.policy === name)?.action;
  // The inline policy loses athena:* and s3:PutBucketPolicy (a tracked
  // bucket action never used; the object actions are untracked: kept); GlueAccess also
  // reaches bob, who has no report here: left alone, and said why. The AWS
  // managed one would be replaced for this role alone: its report decides.
  assert.equal(action('pipeline-inline'), 'edit');
  assert.equal(action('GlueAccess'), 'skip');
  assert.equal(action('AmazonS3ReadOnlyAccess'), 'keep');
  const inline = page.locator('[data-testid=rewrite-policy][data-policy=pipeline-inline]');
  assert.match(await inline.getByTestId('rewrite-placement').textContent(), /Where it goes: Replaces the inline policy pipeline-inline of role data-pipeline/);
  const removed = await inline.locator('[data-testid=rewrite-diff] .del').allTextContents();
  assert.ok(removed.some((l) => l.includes('athena:*')) && removed.some((l) => l.includes('s3:PutBucketPolicy')), removed.join('\n'));
  assert.ok(!removed.some((l) => l.includes('Object')), 'the untracked object actions stay');
  // The athena statement goes as one block, from its "{" to its "},".
  const gone = removed.map((l) => l.slice(2).trim());
  assert.deepEqual([gone[0], gone[1], gone.at(-1)], ['"s3:PutBucketPolicy"', '{', '},'], gone.join('\n'));
  // The unchanged lines far from a change are folded into one that counts them.
  const folds = await inline.locator('[data-testid=rewrite-diff] .fold').allTextContents();
  assert.ok(folds.length >= 1 && folds.every((l) => /^ {2}… \d+ unchanged lines?\n$/.test(l)), JSON.stringify(folds));
  assert.ok(!removed.some((l) => l.includes('NOREPOPassRole')), 'the NOREPO statement stays');
  assert.match(await inline.getByTestId('rewrite-reasons').textContent(), /athena never used in the tracking period/);
  assert.match(await page.locator('[data-testid=rewrite-policy][data-policy=GlueAccess]').textContent(), /bob/);
  // The report (completed 2026-08-20) is old: the rewrite says what that means.
  assert.match(await panel.getByTestId('rewrite-note').textContent(),
    /^This report was completed \d+ days ago \(2026-08-20\): what was used since is not in it/);
  await panel.screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-rewrite-panel.png') });
  // By keyboard: skip links reach both panels.
  const skip = page.getByTestId('skip-link');
  assert.deepEqual(await skip.allTextContents(), ['Services', 'Tracked actions', 'Granted vs used', 'Rewritten policies', 'Least-privilege suggestion']);
  await skip.filter({ hasText: 'Rewritten policies' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'rewrite-title');
  await skip.filter({ hasText: 'Granted vs used' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'granted-title');

  // The export, as documented.
  const exp = await download(page, 'export-rewrite');
  assert.equal(exp.name, 'lastaccessed-rewrite.json');
  const json = JSON.parse(exp.text);
  assert.equal(json.thresholdDays, 90);
  const role = json.principals.find((p) => p.arn === 'arn:aws:iam::444455556666:role/data-pipeline');
  const pol = role.policies.find((p) => p.name === 'pipeline-inline');
  assert.equal(pol.kind, 'inline');
  assert.equal(pol.action, 'edit');
  assert.deepEqual(pol.removed, ['s3:PutBucketPolicy', 'athena:*']);
  assert.deepEqual(pol.after.Statement[0].Action, ['s3:GetObject', 's3:PutObject']);
  assert.deepEqual(pol.after.Statement[1].Action, ['s3:GetBucketLocation']);
  assert.match(role.notes[0], /^This report was completed \d+ days ago \(2026-08-20\)/);

  // The account's policies, one row each, by keyboard: the button focused, Enter.
  await page.getByTestId('export-policies').focus();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(dl.suggestedFilename(), 'lastaccessed-policies.csv');
  const lines = fs.readFileSync(await dl.path(), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'policy,kind,arn,held_by,principals,principal_count,actions,removed,removed_count,over_quota,permissions_boundary_of');
  // A row per policy: a managed one by its ARN, an inline one by who holds it.
  const keys = new Set(json.principals.flatMap((p) => p.policies.map((q) => q.arn ?? `${q.group ? `group/${q.group}` : p.arn}|${q.name}`)));
  assert.equal(lines.length - 1, keys.size);
  assert.ok(lines.includes('pipeline-inline,inline,,arn:aws:iam::444455556666:role/data-pipeline,arn:aws:iam::444455556666:role/data-pipeline,1,edit,athena:*;s3:PutBucketPolicy,2,false,'), lines.join('\n'));

  // The apply script, run against a stand-in aws that records each call.
  const script = await download(page, 'rewrite-script');
  const calls = runWithStandIn(script.text);
  // Said again in the script, before any command.
  assert.match(script.text, /^#!\/bin\/sh\n# Apply lastaccessed's rewrite[^\n]*\n# arn:aws:iam::444455556666:role\/data-pipeline: This report was completed \d+ days ago/);
  assert.deepEqual(calls.map((c) => c[1]), ['put-role-policy']);
  const doc = JSON.parse(calls[0][calls[0].indexOf('--policy-document') + 1]);
  assert.deepEqual(doc, pol.after);
  assert.deepEqual(problems, []);
});

/** A stand-in `aws` that records each call (and answers the scripts'
 * account check as account 444455556666); runs `script` with it first on PATH. */
function runWithStandIn(script) {
  const dir = tempDir('script');
  fs.mkdirSync(path.join(dir, 'bin'));
  const log = path.join(dir, 'calls.jsonl');
  fs.writeFileSync(path.join(dir, 'bin/aws'), `#!/usr/bin/env python3
import json,sys
if sys.argv[1:3] == ['sts', 'get-caller-identity']:
    print('444455556666'); sys.exit(0)
open(${JSON.stringify(log)},'a').write(json.dumps(sys.argv[1:])+'\\n')
`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'script.sh'), script);
  execFileSync('sh', [path.join(dir, 'script.sh')], { env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}` } });
  return fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

const arg = (call, name) => call[call.indexOf(name) + 1];

/** An account as the collection script saves it (<account>/<users|roles>/<name>/page-1.json):
 * its authorization details and three principals' reports (one action level). */
const ACCOUNT = () => [
  fixture('authz/cli-v2-page-1.json'), fixture('authz/cli-v2-page-2.json'),
  fixture('xml/report.xml'),
  fixture('authz/444455556666/users/bob/page-1.json'),
  fixture('authz/444455556666/roles/nightly-etl/page-1.json'),
];

test('an account: its details and three principals\' reports (one action level), each principal\'s granted table, the export and both scripts', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles(ACCOUNT());
  const select = page.getByTestId('report-select');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=report-select] option').length === 3);
  const labels = await select.locator('option').allTextContents();
  // Choose a report; wait for its own inline policy in both panels (drawn
  // a moment after the summary).
  const granted = async (label, inline) => {
    await select.selectOption({ label });
    await page.waitForFunction((p) => document.querySelector(`[data-testid=granted-table] tbody tr[data-policy="${p}"]`)
      && document.querySelector(`[data-testid=rewrite-policy][data-policy="${p}"]`), inline);
    return page.$$eval('[data-testid=granted-table] tbody tr', (rs) => rs.map((r) => ({ ...r.dataset })));
  };
  const labelOf = (name) => labels.find((l) => l.includes(name));
  assert.ok(labelOf('user/bob') && labelOf('role/nightly-etl') && labelOf('role/data-pipeline'), labels.join(' | '));

  // bob: his NotAction policy, his group's policies, the AWS managed one.
  const bob = await granted(labelOf('user/bob'), 'bob-everything-but-iam');
  const row = (rows, policy, ns) => rows.find((r) => r.policy === policy && r.namespace === ns);
  assert.equal(row(bob, 'bob-everything-but-iam', 'ec2').status, 'never');
  assert.equal(row(bob, 'bob-everything-but-iam', 'ec2').risky, 'true');
  assert.equal(row(bob, 'bob-everything-but-iam', 'dynamodb').status, 'stale');
  assert.equal(row(bob, 'bob-everything-but-iam', 'cloudwatch').status, 'recent');
  assert.equal(row(bob, 'GlueAccess', 'glue').status, 'never');
  assert.equal(row(bob, 'devs-metrics', 'cloudwatch').status, 'recent');
  assert.equal(row(bob, 'AmazonS3ReadOnlyAccess', 's3-object-lambda').status, 'never');
  const policies = async () => page.$$eval('[data-testid=rewrite-policy]', (ps) => Object.fromEntries(ps.map((p) => [p.dataset.policy, p.dataset.action])));
  assert.deepEqual(await policies(), {
    'bob-everything-but-iam': 'edit', 'AmazonS3ReadOnlyAccess': 'replace', 'devs-metrics': 'keep', 'GlueAccess': 'edit',
  });
  await screenshot(page, 'e2e-account-bob');

  // nightly-etl (service level): sqs never used; the AWS managed policy replaced.
  const etl = await granted(labelOf('role/nightly-etl'), 'etl-inline');
  assert.equal(row(etl, 'etl-inline', 'sqs').status, 'never');
  assert.equal(row(etl, 'etl-inline', 'dynamodb').status, 'recent');
  assert.deepEqual(await policies(), { 'etl-inline': 'edit', 'AmazonS3ReadOnlyAccess': 'replace' });
  // Its permissions boundary (PowerUserAccess): said above its granted rows,
  // and the boundary suggested is that one with the Deny added, never a
  // boundary in its place that would lift it.
  const power = 'arn:aws:iam::aws:policy/PowerUserAccess';
  const note = await page.getByTestId('granted-note').textContent();
  assert.match(note, new RegExp(`^It has a permissions boundary, ${power}:`));
  // The details hold the boundary's document: unused write access within it.
  assert.match(note, /Unused write access is marked only where the boundary may let it through\.$/);
  const boundary = page.locator('[data-testid=policy-shape][data-shape=boundary]');
  assert.match(await boundary.getByTestId('policy-placement').textContent(), new RegExp(`has a permissions boundary, ${power}: this is its document with the Deny added`));
  const doc = JSON.parse(await boundary.locator('pre').textContent());
  assert.deepEqual(doc.Statement.map((s) => s.Effect), ['Allow', 'Allow', 'Deny']);
  assert.deepEqual(doc.Statement[0].NotAction, ['iam:*', 'organizations:*', 'account:*']);
  assert.ok(doc.Statement[2].Action.includes('sqs:*'), JSON.stringify(doc.Statement[2]));
  assert.match(await page.locator('[data-testid=policy-shape][data-shape=allow-used]').getByTestId('policy-placement').textContent(),
    new RegExp(`Not as its permissions boundary: it has one, ${power}`));
  await page.getByTestId('granted-panel').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-account-etl-granted.png') });
  await boundary.screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-account-etl-boundary.png') });

  // data-pipeline (action level): GlueAccess is no longer skipped, bob's report is here.
  const pipe = await granted(labelOf('role/data-pipeline'), 'pipeline-inline');
  assert.equal(row(pipe, 'GlueAccess', 'glue').status, 'stale');
  assert.deepEqual(await policies(), { 'pipeline-inline': 'edit', 'GlueAccess': 'edit', 'AmazonS3ReadOnlyAccess': 'keep' });
  assert.match(await page.locator('[data-testid=rewrite-policy][data-policy=GlueAccess]').textContent(), /all 2 principals/);
  await screenshot(page, 'e2e-account-pipeline');

  // The export holds every principal.
  const json = JSON.parse((await download(page, 'export-rewrite')).text);
  const byArn = Object.fromEntries(json.principals.map((p) => [p.arn.split(':').pop(), p]));
  assert.deepEqual(Object.keys(byArn).sort(), ['role/data-pipeline', 'role/nightly-etl', 'user/bob']);
  const bobInline = byArn['user/bob'].policies.find((p) => p.name === 'bob-everything-but-iam');
  assert.deepEqual(bobInline.after.Statement[0].NotAction, ['iam:*', 'organizations:*', 'dynamodb:*', 'ec2:*', 'glue:*', 's3-object-lambda:*']);
  const etlRo = byArn['role/nightly-etl'].policies.find((p) => p.name === 'AmazonS3ReadOnlyAccess');
  assert.equal(etlRo.kind, 'aws-managed');
  assert.deepEqual(etlRo.after.Statement[0].Action, ['s3:Get*', 's3:List*']);

  // The apply script against the stand-in: each change once.
  const calls = runWithStandIn((await download(page, 'rewrite-script')).text);
  const summary = calls.map((c) => [c[1], arg(c, '--role-name') ?? arg(c, '--user-name'), arg(c, '--policy-name') ?? arg(c, '--policy-arn')].join(' '));
  assert.equal(calls.filter((c) => c[1] === 'create-policy-version').length, 1, summary.join('\n'));
  assert.deepEqual(calls.map((c) => c[1]).sort(), [
    'attach-role-policy', 'attach-user-policy', 'create-policy', 'create-policy', 'create-policy-version',
    'detach-role-policy', 'detach-user-policy', 'put-role-policy', 'put-role-policy', 'put-user-policy',
  ], summary.join('\n'));
  const put = calls.find((c) => c[1] === 'put-user-policy');
  assert.equal(arg(put, '--user-name'), 'bob');
  assert.deepEqual(JSON.parse(arg(put, '--policy-document')), bobInline.after);
  const version = calls.find((c) => c[1] === 'create-policy-version');
  assert.equal(arg(version, '--policy-arn'), 'arn:aws:iam::444455556666:policy/GlueAccess');
  assert.deepEqual(JSON.parse(arg(version, '--policy-document')).Statement.Action, ['s3:List*']);
  // The rollback undoes each change once, too.
  const undo = runWithStandIn((await download(page, 'rollback-script')).text);
  assert.equal(undo.filter((c) => c[1] === 'set-default-policy-version').length, 1);
  assert.equal(undo.filter((c) => c[1] === 'delete-policy').length, 2);
  assert.deepEqual(problems, []);
});

test("the account's policies: each once, most removals first, the same as the CSV; by keyboard, a principal opens its rewrite", async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles(ACCOUNT());
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=fleet-table] tbody tr[data-principal]').length === 3);
  // nightly-etl's permissions boundary is flagged, with its name; nobody else has one.
  const bounded = page.locator('[data-testid=fleet-table] tbody tr [data-testid=fleet-boundary]');
  assert.equal(await bounded.count(), 1);
  assert.match(await bounded.locator('xpath=ancestor::tr').getAttribute('data-principal'), /role\/nightly-etl$/);
  assert.match(await bounded.getAttribute('title'), /^Its permissions boundary, arn:aws:iam::aws:policy\/PowerUserAccess, caps/);
  await page.getByTestId('fleet').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-fleet-boundary.png') });
  const toggle = page.getByTestId('policies-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByTestId('policies-table').count(), 0, 'made only when asked for');
  // Opened by keyboard.
  await toggle.focus();
  await page.keyboard.press('Enter');
  const table = page.getByTestId('policies-table');
  await table.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const rows = await table.locator('tbody tr').evaluateAll((rs) => rs.map((r) => ({
    policy: r.dataset.policy,
    removed: Number(r.dataset.removed),
    kind: r.cells[1].textContent,
    principals: [...r.querySelectorAll('[data-testid=policy-principal]')].map((b) => b.textContent),
    actions: [...r.querySelectorAll('.action-badge')].map((b) => b.textContent),
  })));
  // The last column lists patterns as written, taken out or narrowed (a
  // narrowed iam:* keeps iam:PassRole): it says so.
  assert.equal(await table.locator('thead th').last().textContent(), 'Removed or narrowed');
  const count = page.getByTestId('policies-count');
  assert.equal(Number(await count.getAttribute('data-principals')), 3);
  assert.equal(Number(await count.getAttribute('data-total')), rows.length);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].removed >= rows[i].removed, 'most removals first');
  // A customer managed policy two principals hold is one row, read with both.
  const glue = rows.find((r) => r.policy === 'GlueAccess');
  assert.equal(glue.principals.length, 2, JSON.stringify(glue));
  assert.equal(glue.kind, 'customer managed', 'through a group for bob, directly for data-pipeline');
  assert.deepEqual(glue.actions, ['edit']);
  // An AWS managed policy: replaced for two principals, kept for the third.
  const s3 = rows.find((r) => r.policy === 'AmazonS3ReadOnlyAccess');
  assert.equal(s3.principals.length, 3);
  assert.deepEqual([...s3.actions].sort(), ['keep', 'replace']);
  // The CSV (its button by keyboard) has the same rows in the same order.
  await page.getByTestId('policies-csv').focus();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(dl.suggestedFilename(), 'lastaccessed-policies.csv');
  const lines = fs.readFileSync(await dl.path(), 'utf8').trim().split('\n').slice(1);
  assert.deepEqual(rows.map((r) => [r.policy, r.removed]), lines.map((l) => { const c = l.split(','); return [c[0], Number(c[8])]; }));
  // Narrowed, by keyboard: what a principal's name finds, then one kind,
  // then only what the rewrite changes; each against the CSV's columns
  // (policy, kind, arn, held_by, principals, …, removed_count).
  const csvRows = lines.map((l) => l.split(','));
  const settled = async (want) => {
    await page.waitForFunction((w) => JSON.stringify([...document.querySelectorAll('[data-testid=policies-table] tbody tr')]
      .map((r) => r.dataset.policy)) === JSON.stringify(w), want);
  };
  const finds = (c, t) => [c[0], c[2], c[3], ...c[4].split(';')].some((f) => f.toLowerCase().includes(t));
  await page.getByTestId('policies-search').focus();
  await page.keyboard.type('BOB');
  const bob = csvRows.filter((c) => finds(c, 'bob'));
  assert.ok(bob.length > 1 && bob.length < csvRows.length, JSON.stringify(bob));
  await settled(bob.map((c) => c[0]));
  assert.match(await count.textContent(), new RegExp(`${bob.length} match\\.`));
  // The kind list names each kind there is with its count; the first, by arrow key.
  const kinds = await page.getByTestId('policies-kind').locator('option').allTextContents();
  assert.equal(kinds[0], 'all');
  assert.equal(kinds.slice(1).reduce((n, k) => n + Number(k.match(/\((\d+)\)$/)[1]), 0), csvRows.length, kinds.join(' | '));
  await page.getByTestId('policies-kind').focus();
  await page.keyboard.press('ArrowDown');
  const first = await page.getByTestId('policies-kind').inputValue();
  await settled(bob.filter((c) => c[1] === first).map((c) => c[0]));
  await page.keyboard.press('ArrowUp');
  await settled(bob.map((c) => c[0]));
  // Only what the rewrite changes (the checkbox, by Space).
  await page.getByTestId('policies-only-changed').focus();
  await page.keyboard.press('Space');
  await settled(bob.filter((c) => Number(c[8]) > 0).map((c) => c[0]));
  // Something no policy has: said so; cleared: every row again.
  await page.getByTestId('policies-search').fill('no-such-policy');
  await page.getByTestId('policies-none').waitFor();
  await page.getByTestId('policies-search').fill('');
  await page.getByTestId('policies-only-changed').uncheck();
  await settled(rows.map((r) => r.policy));
  await page.getByTestId('account-policies').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-account-policies.png') });
  // A principal, by keyboard: its report, and the policy in its rewrite.
  const etl = table.locator('tbody tr[data-policy=AmazonS3ReadOnlyAccess] [data-testid=policy-principal]', { hasText: 'nightly-etl' });
  await etl.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=rewrite-policy][data-policy=etl-inline]'));
  assert.match(await page.locator('[data-testid=report-select] option:checked').textContent(), /role\/nightly-etl/);
  assert.equal(await page.locator('[data-testid=rewrite-policy][data-policy=AmazonS3ReadOnlyAccess]').getAttribute('data-action'), 'replace');
  // Hidden again: the table goes.
  await toggle.click();
  await table.waitFor({ state: 'detached' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  // Open and narrowed, then everything cleared and loaded again: the panel
  // comes back closed, and opens unnarrowed, as its inputs are.
  await toggle.click();
  await page.getByTestId('policies-search').fill('bob');
  await settled(bob.map((c) => c[0]));
  await page.getByTestId('clear').click();
  await page.getByTestId('account-policies').waitFor({ state: 'detached' });
  await page.getByTestId('file-input').setInputFiles(ACCOUNT());
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=fleet-table] tbody tr[data-principal]').length === 3);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await table.count(), 0, 'not read again unasked');
  await toggle.click();
  await settled(rows.map((r) => r.policy));
  assert.equal(await page.getByTestId('policies-search').inputValue(), '');
  assert.deepEqual(problems, []);
});

test('IAM Access Analyzer findings beside the report: agreement per service, the disagreement said, the recommendation as a diff and in the export', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([
    fixture('xml/report.xml'), fixture('authz/boto3.json'),
    fixture('analyzer/list-findings-v2.json'), fixture('analyzer/get-finding-v2-page-1.json'),
    fixture('analyzer/get-finding-v2-page-2.json'), fixture('analyzer/get-finding-recommendation.json'),
  ]);
  const panel = page.getByTestId('analyzer-panel');
  // Every file read (the finding's two pages may arrive apart).
  await page.waitForFunction(() => !document.querySelector('[data-testid=pending]')
    && document.querySelectorAll('[data-testid=analyzer-table] tbody tr').length === 3
    && document.querySelector('[data-testid=analyzer-recommendation]'));
  const rows = Object.fromEntries(await page.$$eval('[data-testid=analyzer-table] tbody tr', (rs) => rs.map((r) => [r.dataset.namespace, r.dataset.agrees])));
  assert.deepEqual(rows, { athena: 'true', glue: 'true', s3: 'false' });
  assert.match(await page.getByTestId('analyzer-agreement').textContent(), /disagree on 1 of 3 services.*unusedAccessAge/);
  assert.match(await panel.textContent(), /GetBucketLocation/);
  const steps = await page.$$eval('.analyzer-step', (s) => s.map((x) => x.dataset.action));
  assert.deepEqual(steps, ['CREATE_POLICY', 'DETACH_POLICY']);
  // The recommended policy against the inline one as loaded.
  const diff = page.getByTestId('analyzer-diff').first();
  await diff.locator('summary').click();
  assert.ok((await diff.locator('.del').allTextContents()).some((l) => l.includes('athena:*')));
  // The detach step shows what GlueAccess grants today, every line going.
  const detach = page.getByTestId('analyzer-diff').nth(1);
  assert.match(await detach.locator('summary').textContent(), /What arn:aws:iam::444455556666:policy\/GlueAccess grants today/);
  assert.equal(await detach.locator('.same, .add').count(), 0);
  assert.ok((await detach.locator('.del').allTextContents()).some((l) => l.includes('glue:*')));
  await panel.screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-analyzer.png') });
  // By keyboard: the skip link reaches it.
  await page.getByTestId('skip-link').filter({ hasText: 'Access Analyzer' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'analyzer-title');
  // The export carries the analyzer's steps beside the rewrite.
  const json = JSON.parse((await download(page, 'export-rewrite')).text);
  const pols = json.principals[0].policies;
  assert.deepEqual(pols.map((p) => p.source), ['last-accessed', 'last-accessed', 'last-accessed', 'access-analyzer', 'access-analyzer']);
  assert.match(await page.getByTestId('messages').textContent(), /IAM Access Analyzer: 4 unused-access findings/);
  assert.deepEqual(problems, []);
});

test("a large principal's policies are written after its first view, then shown whole", async () => {
  // 50 services x 400 tracked actions: 20 000 action rows, the size from
  // which the engine sends the first view before writing the policies.
  const arn = 'arn:aws:iam::123456789012:role/big';
  const services = [];
  for (let s = 0; s < 50; s++) {
    const used = s % 3 !== 0;
    const actions = [];
    for (let a = 0; a < 400; a++) {
      actions.push(used && a % 2 === 0
        ? { ActionName: `Action${a}`, LastAccessedTime: '2026-10-01T00:00:00Z', LastAccessedEntity: arn, LastAccessedRegion: 'us-east-1' }
        : { ActionName: `Action${a}` });
    }
    services.push({
      ServiceName: `Service ${s}`, ServiceNamespace: `svc${s}`, TotalAuthenticatedEntities: used ? 1 : 0,
      ...(used ? { LastAuthenticated: '2026-10-01T00:00:00Z', LastAuthenticatedEntity: arn, LastAuthenticatedRegion: 'us-east-1' } : {}),
      TrackedActionsLastAccessed: actions,
    });
  }
  const file = path.join(tempDir('policies'), 'big-role.json');
  fs.writeFileSync(file, JSON.stringify({
    JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', JobCreationDate: '2026-11-01T00:00:00Z',
    JobCompletionDate: '2026-11-01T00:01:00Z', IsTruncated: false, 'x-lastaccessed-principal': arn,
    ServicesLastAccessed: services,
  }, null, 2));
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('summary').waitFor();
  assert.equal(await page.getByTestId('summary').getAttribute('data-actions'), '20000');
  const panel = page.getByTestId('policy-panel');
  await page.getByTestId('policy-shape').first().waitFor();
  // Written: the panel no longer says it is busy, and the deny on the
  // principal names the services never used (svc0, svc3, …), not the used.
  assert.equal(await panel.getAttribute('aria-busy'), null);
  assert.equal(await page.getByTestId('policy-pending').count(), 0);
  const deny = JSON.parse(await page.getByTestId('policy-output').textContent());
  const denied = deny.Statement.flatMap((st) => [st.Action ?? st.NotAction].flat());
  assert.ok(denied.includes('svc0:*') && denied.includes('svc3:*'), JSON.stringify(denied));
  assert.ok(!denied.some((a) => /^svc(1|2|4):/.test(a)), JSON.stringify(denied));
  assert.deepEqual(problems, []);
});

/** A service-level report of `principal` as the CLI prints it, at `file`:
 * the service `never` ([name, namespace]) never used, `used` ([name,
 * namespace, Region]) used on 2026-10-30. */
function serviceReport(file, principal, never, used) {
  fs.writeFileSync(file, JSON.stringify({
    JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', JobCreationDate: '2026-11-01T00:00:00Z',
    JobCompletionDate: '2026-11-01T00:01:00Z', IsTruncated: false, 'x-lastaccessed-principal': principal,
    ServicesLastAccessed: [
      { ServiceName: never[0], ServiceNamespace: never[1], TotalAuthenticatedEntities: 0 },
      { ServiceName: used[0], ServiceNamespace: used[1], TotalAuthenticatedEntities: 1,
        LastAuthenticated: '2026-10-30T00:00:00Z', LastAuthenticatedEntity: principal, LastAuthenticatedRegion: used[2] },
    ],
  }, null, 4));
  return file;
}

test('a service-linked role: no rewrite and no suggested document, and why, with how to delete it', async () => {
  const slr = 'arn:aws:iam::444455556666:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport';
  const policy = 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy';
  const dir = tempDir('slr');
  const report = serviceReport(path.join(dir, 'slr-report.json'), slr, ['Amazon Athena', 'athena'], ['AWS Support', 'support', 'us-east-1']);
  const details = path.join(dir, 'slr-details.json');
  fs.writeFileSync(details, JSON.stringify({
    UserDetailList: [], GroupDetailList: [],
    RoleDetailList: [{ Path: '/aws-service-role/support.amazonaws.com/', RoleName: 'AWSServiceRoleForSupport',
      RoleId: 'AROAEXAMPLESUPPORT01', Arn: slr, CreateDate: '2024-01-01T00:00:00+00:00', RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'AWSSupportServiceRolePolicy', PolicyArn: policy }] }],
    Policies: [{ PolicyName: 'AWSSupportServiceRolePolicy', PolicyId: 'ANPAEXAMPLESUPPORT01', Arn: policy,
      Path: '/aws-service-role/', DefaultVersionId: 'v1', AttachmentCount: 1, PermissionsBoundaryUsageCount: 0,
      IsAttachable: false, CreateDate: '2018-01-01T00:00:00+00:00', UpdateDate: '2018-01-01T00:00:00+00:00',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2018-01-01T00:00:00+00:00',
        Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['athena:*', 'support:*'], Resource: '*' }] } }] }],
  }, null, 4));
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([report, details]);
  const rewrite = page.locator('[data-testid=rewrite-policy][data-policy=AWSSupportServiceRolePolicy]');
  await rewrite.waitFor();
  // athena was never used, but the role's policy is the service's: skipped, and said why.
  assert.equal(await rewrite.getAttribute('data-action'), 'skip');
  assert.match(await rewrite.getByTestId('rewrite-placement').textContent(), /service-linked role/);
  assert.match(await rewrite.getByTestId('rewrite-reason').textContent(), /aws iam delete-service-linked-role --role-name AWSServiceRoleForSupport/);
  assert.equal(await rewrite.getByTestId('rewrite-diff').count(), 0);
  // None of the four suggested documents can go anywhere.
  const shapes = page.getByTestId('policy-shape');
  await shapes.first().waitFor();
  assert.equal(await shapes.count(), 4);
  // How to delete it, said by every shape: once, above them.
  assert.match(await page.getByTestId('policy-notes').textContent(), /delete-service-linked-role --role-name AWSServiceRoleForSupport/);
  for (const shape of await shapes.all()) {
    assert.equal(await shape.locator('pre').count(), 0, await shape.getAttribute('data-shape'));
    assert.match(await shape.textContent(), /Nowhere: IAM does not let anyone change a service-linked role's permissions/);
  }
  await page.getByTestId('rewrite-panel').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-service-linked-role.png') });
  // With a second principal the fleet shows, and marks the role.
  await page.getByTestId('file-input').setInputFiles(fixture('xml/report.xml'));
  const row = page.locator(`[data-testid=fleet-table] tbody tr[data-principal="${slr}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('service-linked').textContent(), 'service-linked');
  const pipeline = 'arn:aws:iam::444455556666:role/data-pipeline';
  assert.equal(await page.locator(`[data-testid=fleet-table] tbody tr[data-principal="${pipeline}"] [data-testid=service-linked]`).count(), 0);
  assert.match(await page.getByTestId('fleet-service-linked').textContent(), /1 service-linked role, whose permissions IAM lets nobody change/);
  // The kind filter sets it apart from the roles that can be changed.
  const shown = () => page.locator('[data-testid=fleet-table] tbody tr[data-principal]').evaluateAll((rows) => rows.map((r) => r.dataset.principal));
  const settle = async (want) => {
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=fleet-table] tbody tr[data-principal]').length === n, want.length);
    assert.deepEqual((await shown()).sort(), want.sort());
  };
  await page.getByTestId('fleet-kind').selectOption('service-linked');
  await settle([slr]);
  await page.getByTestId('fleet-kind').selectOption('role');
  await settle([pipeline]);
  await page.getByTestId('fleet-kind').selectOption('');
  await settle([slr, pipeline]);
  // Its unused write access (athena:*) is drawn, muted, but is not a finding:
  // "only with unused write access" leaves it out.
  const risky = row.locator('td[data-label="Unused write access"] .muted');
  assert.ok(Number(await risky.textContent()) > 0);
  await page.getByTestId('fleet').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-fleet-service-linked.png') });
  await page.getByTestId('fleet-only-risky').check();
  await page.getByTestId('fleet-empty').waitFor();
  assert.deepEqual(problems, []);
});

test('a role IAM Identity Center provisions: its permission set\'s policies are not rewritten, its own customer managed policy is, and the suggestions go to the permission set', async () => {
  const role = 'arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_DataTeam_0123456789abcdef';
  const extra = 'arn:aws:iam::444455556666:policy/data-team-extra';
  const awsS3 = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
  const dir = tempDir('sso');
  const report = serviceReport(path.join(dir, 'sso-report.json'), role, ['AWS Glue', 'glue'], ['Amazon S3', 's3', 'eu-west-1']);
  const doc = (Action) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });
  const details = path.join(dir, 'sso-details.json');
  fs.writeFileSync(details, JSON.stringify({
    UserDetailList: [], GroupDetailList: [],
    RoleDetailList: [{ Path: '/aws-reserved/sso.amazonaws.com/eu-west-1/', RoleName: 'AWSReservedSSO_DataTeam_0123456789abcdef',
      RoleId: 'AROAEXAMPLESSO00001', Arn: role, CreateDate: '2024-01-01T00:00:00+00:00',
      RolePolicyList: [{ PolicyName: 'AwsSSOInlinePolicy', PolicyDocument: doc(['glue:*', 's3:GetBucketLocation']) }],
      AttachedManagedPolicies: [{ PolicyName: 'data-team-extra', PolicyArn: extra },
        { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: awsS3 }] }],
    Policies: [{ PolicyName: 'data-team-extra', PolicyId: 'ANPAEXAMPLESSO00001', Arn: extra,
      Path: '/', DefaultVersionId: 'v1', AttachmentCount: 1, PermissionsBoundaryUsageCount: 0,
      IsAttachable: true, CreateDate: '2024-01-01T00:00:00+00:00', UpdateDate: '2024-01-01T00:00:00+00:00',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-01-01T00:00:00+00:00',
        Document: doc(['glue:*', 's3:GetBucketLocation']) }] },
    { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyId: 'ANPAEXAMPLEAWSS3RO01', Arn: awsS3,
      Path: '/', DefaultVersionId: 'v3', AttachmentCount: 1, PermissionsBoundaryUsageCount: 0,
      IsAttachable: true, CreateDate: '2015-02-06T18:40:59+00:00', UpdateDate: '2023-08-10T21:31:39+00:00',
      PolicyVersionList: [{ VersionId: 'v3', IsDefaultVersion: true, CreateDate: '2023-08-10T21:31:39+00:00',
        Document: doc(['s3:Get*', 's3:List*', 'glue:GetTable']) }] }],
  }, null, 4));
  const { page, problems } = await openApp(env.browser, env.server.url);
  await page.getByTestId('file-input').setInputFiles([report, details]);
  const inline = page.locator('[data-testid=rewrite-policy][data-policy=AwsSSOInlinePolicy]');
  await inline.waitFor();
  // The permission set's inline policy: IAM refuses to change it on the role.
  assert.equal(await inline.getAttribute('data-action'), 'permission-set');
  assert.match(await inline.getByTestId('rewrite-placement').textContent(), /permission set DataTeam/);
  assert.match(await inline.getByTestId('rewrite-reason').textContent(), /aws sso-admin provision-permission-set/);
  // … but what the permission set's inline policy would become is shown (glue, never used, goes).
  assert.match(await inline.getByTestId('rewrite-placement').textContent(), /put-inline-policy-to-permission-set/);
  assert.match(await inline.getByTestId('rewrite-diff').textContent(), /- +"glue:\*",/);
  assert.equal(await inline.getByRole('button', { name: /Copy the new document/ }).count(), 1);
  // This account's customer managed policy: glue (never used) goes.
  const own = page.locator('[data-testid=rewrite-policy][data-policy=data-team-extra]');
  assert.equal(await own.getAttribute('data-action'), 'edit');
  assert.match(await own.getByTestId('rewrite-reason').textContent(), /this account's copy only/);
  assert.match(await own.getByTestId('rewrite-diff').textContent(), /- +"glue:\*",/);
  // The permission set's AWS managed policy: replaced there by what was used (glue goes).
  const managed = page.locator('[data-testid=rewrite-policy][data-policy=AmazonS3ReadOnlyAccess]');
  assert.equal(await managed.getAttribute('data-action'), 'permission-set');
  assert.match(await managed.getByTestId('rewrite-placement').textContent(), new RegExp(`in place of ${awsS3} in the permission set DataTeam`));
  assert.match(await managed.getByTestId('rewrite-diff').textContent(), /- +"glue:GetTable"/);
  assert.equal(await managed.getByRole('button', { name: /Copy the new document/ }).count(), 1);
  await page.getByTestId('rewrite-panel').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-identity-center-role.png') });
  // The suggestions: documents, placed in the permission set (the SCP as for any role).
  const shapes = page.getByTestId('policy-shape');
  await shapes.first().waitFor();
  for (const shape of await shapes.all()) {
    assert.equal(await shape.locator('pre').count(), 1, await shape.getAttribute('data-shape'));
    const text = await shape.textContent();
    if ((await shape.getAttribute('data-shape')) === 'scp') assert.match(text, /new name suffix/);
    else assert.match(text, /Not on the role: IAM refuses changes to a role IAM Identity Center provisions/);
  }
  const deny = page.locator('[data-testid=policy-shape][data-shape=deny-on-principal]');
  assert.match(await deny.locator('pre').textContent(), /"glue:\*"/);
  // The permission set's role in another account used glue: read with its
  // report, the documents that go in the permission set keep glue.
  const elsewhere = role.replace('444455556666', '111122223333');
  const other = serviceReport(path.join(dir, 'sso-report-elsewhere.json'), elsewhere, ['Amazon Athena', 'athena'], ['AWS Glue', 'glue', 'eu-west-1']);
  await page.getByTestId('file-input').setInputFiles(other);
  await page.locator(`[data-testid=fleet-table] tbody tr[data-principal="${elsewhere}"]`).waitFor();
  await page.locator(`[data-testid=fleet-table] tbody tr[data-principal="${role}"]`).click();
  await page.waitForFunction(() => /1 other account \(111122223333\)/.test(document.querySelector('[data-testid=policy-shape][data-shape=deny-on-principal]')?.textContent ?? ''));
  assert.doesNotMatch(await deny.locator('pre').textContent(), /glue/);
  assert.match(await deny.locator('pre').textContent(), /"athena:\*"/);
  await page.getByTestId('policy-panel').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-identity-center-suggestions.png') });
  // The rewrite reads it too (no authorization details of that account
  // needed): glue, used there, stays in the permission set's inline policy.
  await page.waitForFunction(() => document.querySelector('[data-testid=rewrite-policy][data-policy=AwsSSOInlinePolicy]')?.dataset.action === 'keep');
  assert.match(await inline.getByTestId('rewrite-reason').textContent(), /Read with the reports of its roles in 2 accounts \(111122223333, 444455556666\)/);
  // The account's policies: the permission set's inline policy is the permission set's row.
  const csv = (await download(page, 'export-policies')).text;
  assert.match(csv, new RegExp(`^AwsSSOInlinePolicy,inline,,permission-set/DataTeam,${role.replace(/[.]/g, '\\.')},1,keep,,0,false,$`, 'm'), csv);
  // With a second principal the fleet shows, and marks the role.
  await page.getByTestId('file-input').setInputFiles(fixture('xml/report.xml'));
  const row = page.locator(`[data-testid=fleet-table] tbody tr[data-principal="${role}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('identity-center').textContent(), 'Identity Center');
  assert.match(await row.getByTestId('identity-center').getAttribute('title'), /permission set DataTeam/);
  assert.deepEqual(problems, []);
});

test('a role created less than the threshold before its report: what it did not use yet is kept, and both panels say why', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  // The report (role data-pipeline, completed 2026-08-20) never used athena;
  // the account's details say the role was created 20 days before it.
  const authz = JSON.parse(fs.readFileSync(fixture('authz/boto3.json'), 'utf8'));
  authz.RoleDetailList.find((r) => r.RoleName === 'data-pipeline').CreateDate = '2026-07-31 12:00:00+00:00';
  const dir = tempDir('young-');
  const file = path.join(dir, 'authz-young.json');
  fs.writeFileSync(file, JSON.stringify(authz));
  await page.getByTestId('file-input').setInputFiles([fixture('xml/report.xml'), file]);
  const panel = page.getByTestId('rewrite-panel');
  await panel.waitFor();
  const note = await page.getByTestId('rewrite-note').first().textContent();
  assert.match(note, /^Created 20 days before this report .*It did not use [^.]*athena/);
  // athena stays in the inline policy, and so does s3:PutBucketPolicy (a
  // tracked action of a service it used, not used in those 20 days): the
  // policy is kept whole.
  const inline = page.locator('[data-testid=rewrite-policy][data-policy=pipeline-inline]');
  assert.equal(await inline.getAttribute('data-action'), 'keep');
  // The Deny on the principal has nothing to deny (athena and glue, the
  // services it did not use, are both too young to tell), and says why.
  const deny = page.locator('[data-testid=policy-shape][data-shape=deny-on-principal]');
  assert.equal(await deny.locator('pre').count(), 0);
  assert.doesNotMatch(await deny.textContent(), /every service in the report was used/);
  assert.equal(await deny.locator('.shape-notes').textContent(), 'Nothing to deny: what was not used is not proven unused yet (above).');
  // Why, said by every document: once, above them.
  assert.match(await page.getByTestId('policy-notes').textContent(), /Created 20 days before this report/);
  assert.doesNotMatch(await deny.textContent(), /Created 20 days before this report/);
  await panel.screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-young-role.png') });
  // Granted vs used: athena's access is not marked unused, and says why.
  assert.match(await page.getByTestId('granted-note').textContent(), /^Created 20 days before this report/);
  const athena = page.locator('[data-testid=granted-table] tbody tr[data-namespace=athena]').first();
  assert.equal(await athena.getAttribute('data-risky'), 'false');
  assert.equal(await athena.getByTestId('granted-unproven').count(), 1);
  await page.getByTestId('granted-panel').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-young-granted.png') });
  // Beside another role of the account (created in 2024), the fleet marks
  // it new, not unused, whatever the threshold it is younger than.
  await page.getByTestId('file-input').setInputFiles([fixture('authz/444455556666/roles/nightly-etl/page-1.json')]);
  const row = (name) => page.locator(`[data-testid=fleet-table] tbody tr[data-principal$="role/${name}"]`);
  await row('nightly-etl').waitFor();
  assert.equal(await row('data-pipeline').getByTestId('fleet-new').count(), 1);
  assert.match(await row('data-pipeline').getByTestId('fleet-new').getAttribute('title'), /^Created 20 days before its report/);
  assert.equal(await row('nightly-etl').getByTestId('fleet-new').count(), 0);
  await page.getByTestId('fleet').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-young-fleet.png') });
  await page.getByTestId('threshold-days').fill('7');
  await row('data-pipeline').getByTestId('fleet-new').waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
});

test('a service newer than the action catalog: shown where it is granted, and the rewrite judges it like the rest', async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  // bob's report, made after the catalog was pinned: it lists a service the
  // catalog does not know, never used; his inline policy grants everything
  // but iam and organizations (NotAction), so that service too.
  const report = JSON.parse(fs.readFileSync(fixture('authz/444455556666/users/bob/page-1.json'), 'utf8'));
  report.ServicesLastAccessed.push({ ServiceName: 'AWS Newer Service', ServiceNamespace: 'newsvc', TotalAuthenticatedEntities: 0 });
  const dir = tempDir('newer-');
  const file = path.join(dir, 'bob-page-1.json');
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  await page.getByTestId('file-input').setInputFiles([file, fixture('authz/boto3.json')]);
  const newer = page.locator('[data-testid=granted-table] tbody tr[data-namespace=newsvc]');
  await newer.waitFor();
  assert.equal(await newer.getAttribute('data-policy'), 'bob-everything-but-iam');
  assert.equal(await newer.getAttribute('data-status'), 'never');
  assert.match(await newer.textContent(), /newer than the action catalog/);
  await page.getByTestId('granted-panel').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-newer-service.png') });
  // The rewrite excludes it with the other services never used, and says why.
  const inline = page.locator('[data-testid=rewrite-policy][data-policy=bob-everything-but-iam]');
  await inline.waitFor();
  assert.match(await inline.getByTestId('rewrite-reasons').textContent(), /newsvc never used in the tracking period/);
  const json = JSON.parse((await download(page, 'export-rewrite')).text);
  const after = json.principals[0].policies.find((p) => p.name === 'bob-everything-but-iam').after;
  assert.ok(after.Statement[0].NotAction.includes('newsvc:*'), JSON.stringify(after));
  assert.deepEqual(problems, []);
});

test("the account's policies name whom a policy is the permissions boundary of, and open their report", async () => {
  const { page, problems } = await openApp(env.browser, env.server.url);
  // GlueAccess (attached to data-pipeline and, through its group, to bob)
  // made nightly-etl's permissions boundary in place of PowerUserAccess.
  const authz = JSON.parse(fs.readFileSync(fixture('authz/boto3.json'), 'utf8'));
  const glue = authz.Policies.find((p) => p.PolicyName === 'GlueAccess');
  authz.RoleDetailList.find((r) => r.RoleName === 'nightly-etl').PermissionsBoundary.PermissionsBoundaryArn = glue.Arn;
  glue.PermissionsBoundaryUsageCount = 1;
  authz.Policies.find((p) => p.PolicyName === 'PowerUserAccess').PermissionsBoundaryUsageCount = 0;
  const dir = tempDir('bounds-');
  const file = path.join(dir, 'authz-bounds.json');
  fs.writeFileSync(file, JSON.stringify(authz));
  await page.getByTestId('file-input').setInputFiles([file, ...ACCOUNT().slice(2)]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=fleet-table] tbody tr[data-principal]').length === 3);
  await page.getByTestId('policies-toggle').click();
  const row = (name) => page.locator(`[data-testid=policies-table] tbody tr[data-policy=${name}]`);
  await row('GlueAccess').waitFor();
  const names = (r, id) => r.locator(`[data-testid=${id}]`).allTextContents();
  // Attached to two principals, the boundary of the third; no other policy bounds anyone.
  assert.equal((await names(row('GlueAccess'), 'policy-principal')).length, 2);
  assert.deepEqual(await names(row('GlueAccess'), 'policy-bound'), ['role/nightly-etl (444455556666)']);
  assert.match(await row('GlueAccess').getByTestId('policy-bounds').textContent(), /^permissions boundary of role\/nightly-etl/);
  assert.equal(await page.locator('[data-testid=policies-table] [data-testid=policy-bounds]').count(), 1);
  await page.getByTestId('account-policies').screenshot({ path: path.join(ROOT, 'target/screenshots/e2e-account-policies-bounds.png') });
  // Its rewrite keeps what nightly-etl used through it, and says so.
  const bound = row('GlueAccess').getByTestId('policy-bound');
  await bound.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /role\/nightly-etl/.test(document.querySelector('[data-testid=report-select] option:checked')?.textContent));
  assert.deepEqual(problems, []);
});
