// Shared e2e harness: a static server for the built dist/ on loopback, and a
// headless Debian Chromium driven by playwright-core (no browser download).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
export const SCREENSHOTS = path.join(ROOT, 'target/screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serve `dir` on 127.0.0.1 at a free port, under `prefix` (e.g. "/tools/x/").
 * Resolves to { url, close, requests }. */
export function serve(dir = path.join(ROOT, 'dist'), prefix = '/') {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run \`make build\` first`);
  }
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('outside the prefix');
      return;
    }
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length - 1))));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}${prefix}`, requests, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new page that fails the test on any page error or console error. */
export async function openApp(browser, url, viewport = { width: 1280, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.getByTestId('sample-load').waitFor();
  return { page, context, problems };
}

/** Count, in every page of `target` (a browser context or a page), the
 * workers' "warm" messages: each says so when its warm-up is over
 * (src/worker.rs, `warm_up`, `WARMED`). Call before the page loads. */
export async function countWarmUps(target) {
  await target.addInitScript(() => {
    window.__warm = 0;
    window.__warmChannel = new BroadcastChannel('lastaccessed-warm');
    window.__warmChannel.onmessage = () => { window.__warm += 1; };
  });
}

/** Until the engine and the parse workers started ahead of need (two at
 * most) have all finished warming up (see `countWarmUps`). */
export async function warmedUp(page, options = {}) {
  await page.waitForFunction(() => window.__warm >= 1 + Math.min(2, navigator.hardwareConcurrency || 1),
    null, options);
}

/** Every part of the report drawn (`on`), or left again as it was: the
 * report's parts are drawn only near the view (`content-visibility: auto`
 * in styles/app.css); set through the CSSOM, which the page's CSP allows. */
export async function drawAll(page, on) {
  await page.evaluate((on) => {
    for (const el of document.querySelectorAll('body *')) {
      if (on && getComputedStyle(el).contentVisibility === 'auto') { el.style.contentVisibility = 'visible'; el.dataset.shotDrawn = ''; }
      if (!on && 'shotDrawn' in el.dataset) {
        el.style.contentVisibility = '';
        delete el.dataset.shotDrawn;
        if (!el.getAttribute('style')) el.removeAttribute('style');
      }
    }
  }, on);
}

/** Until a report is on screen with every part of it drawn and no file
 * left pending. */
export async function reportDrawn(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid=summary]')
    && !document.querySelector('[data-testid=more-coming]') && !document.querySelector('[data-testid=pending]'));
}

/** The whole page as a user sees it part by part while scrolling, its
 * parts drawn all at once for the picture ([`drawAll`]). */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await drawAll(page, true);
  await page.screenshot({ path: file, fullPage: true });
  await drawAll(page, false);
  return file;
}

/** A fresh directory under the system's temporary one, named
 * `lastaccessed-<prefix>-…`, removed when this test file's process exits
 * (`node --test` runs each file in a process of its own), so a run leaves
 * nothing behind. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lastaccessed-${prefix}-`));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function fixture(rel) {
  return path.join(FIXTURES, rel);
}

/** For a test file: serve dist/ and start Chromium before its tests, stop
 * both after. `env.server` and `env.browser` are set once `before` has run. */
export function withApp() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
