// Accessibility audit of the built app with axe-core (pinned in
// package.json, read from node_modules: nothing is fetched): the empty page,
// a role's report with its policies, an account, the Access Analyzer panel,
// an organization report, entity drill-down, two jobs compared, messages,
// the share and guide panels open, in light and dark, at 1280 and 400 px.
// Any violation fails, whatever its impact, with the rule and the elements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withApp, openApp, fixture, drawAll, reportDrawn, ROOT } from './harness.mjs';

const env = withApp();
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe's violations on the page as it is, every part of the report drawn,
 * each as "rule (impact): element, element…". */
async function violations(page) {
  await drawAll(page, true);
  const found = await page.evaluate(async () => {
    // axe counts an SVG <title> (a tooltip, never drawn) as text shown, so
    // a chart bar's shown text would include its whole tooltip: the titles
    // are emptied for the audit, and each bar's name is then checked
    // against what the bar draws ("≤ 7 d 6" in "≤ 7 d: 6 services, …").
    const titles = [...document.querySelectorAll('svg title')].map((t) => [t, t.textContent]);
    for (const [t] of titles) t.textContent = '';
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    for (const [t, text] of titles) t.textContent = text;
    return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
  });
  await drawAll(page, false);
  return found;
}

/** Clear, and wait until the report is gone. */
async function clear(page) {
  await page.getByTestId('clear').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=summary]'));
}

for (const [width, scheme] of [[1280, 'light'], [1280, 'dark'], [400, 'light']]) {
  test(`no accessibility violations (axe-core) at ${width} px, ${scheme}: empty, a role's report and policies, an account, the analyzer, an organization, entities, a comparison, messages, share and guide panels`, async () => {
    const { page, context, problems } = await openApp(env.browser, env.server.url, { width, height: 900 }, { colorScheme: scheme });
    // Evaluated, not a script tag: the page's CSP allows no inline script.
    await page.evaluate(AXE);
    const found = {};
    const audit = async (state) => {
      const v = await violations(page);
      if (v.length) found[state] = v;
    };
    await audit('empty page');
    await page.getByTestId('sample-load').click();
    await reportDrawn(page);
    await audit('the sample (a role, its policies, the rewrite)');
    await page.getByTestId('share').click();
    await page.getByTestId('open-help').click();
    await page.getByTestId('share-redactions').waitFor();
    await audit('share and guide panels open');
    await clear(page);
    await page.getByTestId('file-input').setInputFiles([
      fixture('authz/cli-v2-page-1.json'), fixture('authz/cli-v2-page-2.json'), fixture('xml/report.xml'),
      fixture('authz/444455556666/users/bob/page-1.json'), fixture('authz/444455556666/roles/nightly-etl/page-1.json'),
    ]);
    await page.getByTestId('fleet-table').waitFor();
    await page.getByTestId('policies-toggle').click();
    await page.getByTestId('policies-table').waitFor();
    await reportDrawn(page);
    await audit("an account (fleet, the account's policies, matrix, grants)");
    await clear(page);
    await page.getByTestId('file-input').setInputFiles([
      fixture('xml/report.xml'), fixture('authz/boto3.json'),
      fixture('analyzer/list-findings-v2.json'), fixture('analyzer/get-finding-v2-page-1.json'),
      fixture('analyzer/get-finding-v2-page-2.json'), fixture('analyzer/get-finding-recommendation.json'),
    ]);
    await page.waitForFunction(() => document.querySelector('[data-testid=analyzer-recommendation]'));
    await reportDrawn(page);
    await audit('the Access Analyzer panel');
    for (const [state, files] of [
      ['an organization report', ['org/org-report.json']],
      ['entity drill-down', ['cli-v1/page-1.json', 'cli-v1/page-2.json', 'entities/entities-s3.json']],
      ['two jobs of one principal compared', ['cli-v1/page-1.json', 'cli-v1/page-2.json', 'cli-v2/page-1.json', 'cli-v2/page-2.json']],
      ['messages: a failed job, bad files, an AWS error, the CLI text output',
        ['status/failed.json', 'hostile/deep-nesting.json', 'aws-errors/cli-nosuchentity.txt', 'cli-text/report.txt', 'cli-v1/page-1.json']],
    ]) {
      await clear(page);
      await page.getByTestId('file-input').setInputFiles(files.map(fixture));
      await reportDrawn(page);
      await audit(state);
    }
    assert.deepEqual(found, {});
    assert.deepEqual(problems, []);
    await context.close();
  });
}
