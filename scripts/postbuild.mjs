#!/usr/bin/env node
// After `trunk build --release`: give dist/index.html a strict Content-Security-Policy
// and write dist-single/lastaccessed.html, one self-contained file (wasm as base64,
// JS glue, CSS and sample inlined) that runs from file:// with no server.
//
//   node scripts/postbuild.mjs            both
//
// The CSP allows only what the app needs. Both builds: default-src 'none';
// connect-src, form-action, base-uri, frame-ancestors... nothing else; img-src data:.
// dist/: scripts and styles from 'self' plus the hash of Trunk's inline loader,
// 'wasm-unsafe-eval', the parse worker from a blob: URL; connect-src 'self' only
// (the wasm and the worker's files are fetched from the page's own origin).
// Single file: scripts and styles only by hash, connect-src 'none'; its parse
// worker (JS and wasm inlined too) starts from a blob: URL the page makes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const SINGLE_DIR = path.join(ROOT, 'dist-single');

const sha256 = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function fail(msg) {
  console.error(`postbuild: ${msg}`);
  process.exit(1);
}

let html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
if (html.includes('Content-Security-Policy')) fail('dist/index.html already has a CSP: run trunk build first');

// --- dist/: CSP as a meta tag -------------------------------------------------
const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length !== 1) fail(`expected one inline module script from Trunk, found ${inline.length}`);
const distCsp = [
  "default-src 'none'",
  `script-src 'self' ${sha256(inline[0])} 'wasm-unsafe-eval'`,
  "style-src 'self'",
  "img-src data:",
  "connect-src 'self'",
  "worker-src blob:",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');
html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${distCsp}">`);
fs.writeFileSync(path.join(DIST, 'index.html'), html);

// --- dist-single/lastaccessed.html ---------------------------------------------
const css = fs.readFileSync(path.join(DIST, html.match(/href="\.\/(app-[^"]+\.css)"/)[1]), 'utf8');
const jsName = html.match(/from '\.\/(lastaccessed-[^']+\.js)'/)[1];
const wasmName = html.match(/module_or_path: '\.\/(lastaccessed-[^']+_bg\.wasm)'/)[1];
const glue = fs.readFileSync(path.join(DIST, jsName), 'utf8');
const wasm = fs.readFileSync(path.join(DIST, wasmName));
if (!glue.includes('export { initSync, __wbg_init as default };')) fail('unexpected wasm-bindgen glue');

// The parse worker: its script and wasm become one blob: URL, made before the
// app starts and handed over on <html data-worker> (the page has no parser).
// Strings the page's code writes once, in src/ui/mod.rs: FROM_BASE64, base64
// to bytes (the browser's own decoder where it has one, else a loop);
// WORKER_BOOT, the worker waiting for its wasm in its first message (the
// page compiles the bytes once and hands every worker the module); and
// WORKER_WASM_GLOBAL, where the page finds those bytes.
const uiMod = fs.readFileSync(path.join(ROOT, 'src/ui/mod.rs'), 'utf8');
const uiConst = (name) => uiMod.match(new RegExp(`pub const ${name}: &str =\\s*"([^"]*)";`))?.[1]
  ?? fail(`${name} not found in src/ui/mod.rs`);
const FROM_BASE64 = uiConst('FROM_BASE64');
const WORKER_BOOT = uiConst('WORKER_BOOT');
const WORKER_WASM_GLOBAL = uiConst('WORKER_WASM_GLOBAL');
const workerJs = fs.readFileSync(path.join(DIST, 'worker.js'), 'utf8');
const workerWasm = fs.readFileSync(path.join(DIST, 'worker_bg.wasm'));
if (!workerJs.startsWith('let wasm_bindgen = ')) fail('unexpected worker glue');
const workerSource = `${workerJs}
${WORKER_BOOT}
`;
// A JS string literal that cannot end the <script> element it sits in.
const literal = JSON.stringify(workerSource).replace(/<\//g, '<\\/');

// The glue stays an ES module (its exports are harmless inline); the wasm is
// instantiated from the bytes, so nothing is fetched.
const script = `${glue}
// The page as it came, before anything changes it: "Save as HTML" writes it
// again with the reports in it.
window.__laSource = '<!DOCTYPE html>\\n' + document.documentElement.outerHTML;
document.documentElement.dataset.worker = URL.createObjectURL(new Blob([${literal}], { type: 'text/javascript' }));
window.${WORKER_WASM_GLOBAL} = ${FROM_BASE64}("${workerWasm.toString('base64')}");
const wasmBase64 = "${wasm.toString('base64')}";
const wasmBytes = ${FROM_BASE64}(wasmBase64);
await __wbg_init({ module_or_path: wasmBytes });
`;
const singleCsp = [
  "default-src 'none'",
  `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha256(css)}`,
  "img-src data:",
  "connect-src 'none'",
  "worker-src blob:",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');
const title = html.match(/<title>[^<]*<\/title>/)[0];
// index.html's body as it is (the font warm-up, the app's root), the script after it.
const body = html.match(/<body>\n([\s\S]*?)<\/body>/)?.[1] ?? fail('no <body> in dist/index.html');
if (body.includes('<script')) fail('a script in dist/index.html\'s body: the single file would not run it by hash');
if (!body.includes('id="app-root"')) fail('no app-root in dist/index.html');
const single = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${singleCsp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="lastaccessed-build" content="single-file">
<link rel="icon" href="data:,">
${title}
<style>${css}</style>
</head>
<body>
${body}<script type="module">${script}</script>
</body>
</html>
`;
fs.mkdirSync(SINGLE_DIR, { recursive: true });
const out = path.join(SINGLE_DIR, 'lastaccessed.html');
fs.writeFileSync(out, single);
// Beside the hosted app too: its "Save as HTML" starts from this file.
fs.writeFileSync(path.join(DIST, 'lastaccessed.html'), single);
const gz = (await import('node:zlib')).gzipSync(single, { level: 9 }).length;
console.log(`postbuild: dist/index.html has a CSP; ${path.relative(ROOT, out)} is ${single.length} bytes (${gz} gzip)`);
