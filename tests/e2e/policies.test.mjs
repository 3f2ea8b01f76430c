// End-to-end: the account's policies beside its reports (issue #14) — what
// each policy grants against what the principal used — in the built app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { withApp, openApp, screenshot, fixture, ROOT } from './harness.mjs';

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
