#!/usr/bin/env node
// npm run bench:web [-- --pause=3000]   (after `npm run build`; needs /usr/bin/chromium)
// The web app's first load as a caseworker sees it: Chromium opens Samråd, the sign-in page
// appears, the caseworker signs in and the overview's case table appears. Printed per network
// profile (loopback and two throttled links, Chrome's own emulation): the time until the sign-in
// page is shown, the bytes on the wire until the overview is shown, and the time from clicking its
// first case until the case space shows its members (the case space's code loads then, unless the
// idle prefetch after sign-in got it already), three fresh browser
// contexts (empty caches) each. Run twice in the same run: the build as the server sends it
// (precompressed assets) and the same build without its .br/.gz files (as every build was served
// before they were written), from a copy in a temporary directory. Samråd runs on an in-memory
// PGlite with the demo seeded, on 127.0.0.1 only; everything stops at the end.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort } from '../lib/proc.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = join(ROOT, 'dist', 'web');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const PROFILES = [
  { label: 'loopback', throughput: 0, latency: 0 },
  { label: '10 Mbit/s, 40 ms', throughput: 10e6 / 8, latency: 40 },
  { label: '4 Mbit/s, 60 ms', throughput: 4e6 / 8, latency: 60 },
];
const RUNS = 3;
const PAUSE_MS = Number(process.argv.find((arg) => arg.startsWith('--pause='))?.slice('--pause='.length) ?? 0);

if (!existsSync(join(WEB, 'index.html')) || !existsSync(MAIN)) {
  console.error('Build first: npm run build');
  process.exit(2);
}

async function startServer(webDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SAMRAAD_DATA_DIR: 'memory://', SAMRAAD_WEB_DIR: webDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, stop: () => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM')) };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error('Samråd did not start within 60 s');
}

async function firstLoad(browser, url, profile) {
  const context = await browser.newContext({ locale: 'da-DK' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (profile.throughput) {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.latency, downloadThroughput: profile.throughput, uploadThroughput: profile.throughput });
    }
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event) => (bytes += event.encodedDataLength));
    const started = performance.now();
    await page.goto(url);
    await page.getByLabel('E-mail').waitFor();
    const signInShownMs = performance.now() - started;
    await page.getByLabel('E-mail').fill('caseworker@samraad.example');
    await page.getByLabel('Adgangskode').fill('samraad-demo');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByTestId('case-table').waitFor();
    const overviewBytes = bytes;
    // Straight on to a case (or after --pause=ms on the overview, in which the web app prefetches the case space's code).
    if (PAUSE_MS > 0) await page.waitForTimeout(PAUSE_MS);
    const clicked = performance.now();
    await page.getByTestId('case-table').locator('tbody tr th a').first().click();
    await page.getByTestId('member-list').locator('li').first().waitFor();
    return { signInShownMs, bytes: overviewBytes, caseOpenedMs: performance.now() - clicked };
  } finally {
    await context.close();
  }
}

const plainDir = mkdtempSync(join(tmpdir(), 'samraad-web-plain-'));
cpSync(WEB, plainDir, { recursive: true });
for (const file of readdirSync(join(plainDir, 'assets'))) if (/\.(br|gz)$/.test(file)) rmSync(join(plainDir, 'assets', file));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  console.log('build                profile             sign-in page shown, ms (3 runs)   KB on the wire to the overview   a case opened from it, ms');
  for (const [label, webDir] of [
    ['precompressed', WEB],
    ['uncompressed', plainDir],
  ]) {
    const server = await startServer(webDir);
    try {
      for (const profile of PROFILES) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await firstLoad(browser, server.url, profile));
        console.log(
          `${label.padEnd(20)} ${profile.label.padEnd(19)} ${runs.map((r) => r.signInShownMs.toFixed(0)).join(' / ').padEnd(33)} ${runs.map((r) => (r.bytes / 1024).toFixed(0)).join(' / ').padEnd(32)} ${runs.map((r) => r.caseOpenedMs.toFixed(0)).join(' / ')}`,
        );
      }
    } finally {
      await server.stop();
    }
  }
} finally {
  await browser.close();
  rmSync(plainDir, { recursive: true, force: true });
}
