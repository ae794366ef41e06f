import { existsSync } from 'node:fs';
import { createServer, type Server, connect } from 'node:net';
import { resolve } from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seeder.js';
import { demoEmail, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

/**
 * The built web app: `npm test` builds it into dist/web (`npm run build` runs `build:web`);
 * SAMRAAD_WEB_DIR points elsewhere (a developer's scratch build).
 */
export function builtWebDir(): string {
  const dir = resolve(process.env['SAMRAAD_WEB_DIR'] || 'dist/web');
  if (!existsSync(resolve(dir, 'index.html'))) {
    throw new Error(`The web app is not built: ${dir}/index.html is missing. Run \`npm run build:web\` (or \`npm test\` without SKIP_BUILD).`);
  }
  return dir;
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (CI does this when test/browser/.enabled exists)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface BrowserHarness {
  app: TestApp;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * A plain TCP forwarder in front of the app, as a reverse proxy would be. The browser's origin is
 * the forwarder's address, which is known before the app starts, so it can be the configured
 * ALLOWED_ORIGINS entry that the WebSocket endpoints check (the app itself listens on a random port).
 */
async function startForwarder(): Promise<{ server: Server; port: number; target: { port: number } }> {
  const target = { port: 0 };
  const open = new Set<{ destroy(): void }>();
  const server = createServer((client) => {
    const upstream = connect(target.port, '127.0.0.1');
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  server.on('close', () => {
    for (const socket of open) socket.destroy();
  });
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    for (const socket of open) socket.destroy();
    return close(callback);
  }) as typeof server.close;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, target };
}

/** The real app serving the built web app, with the demo seeded, and a headless chromium. */
export async function startBrowserHarness(env: Record<string, string> = {}): Promise<BrowserHarness> {
  const webDir = builtWebDir();
  const forwarder = await startForwarder();
  const origin = `http://127.0.0.1:${forwarder.port}`;
  const started = await startTestApp({ SAMRAAD_WEB_DIR: webDir, ALLOWED_ORIGINS: origin, ...env }).catch(async (error: unknown) => {
    forwarder.server.close();
    throw error;
  });
  forwarder.target.port = Number(new URL(started.url).port);
  const app: TestApp = {
    ...started,
    url: origin,
    close: async () => {
      forwarder.server.close();
      await started.close();
    },
  };
  let browser: Browser | undefined;
  try {
    await seedDemo(app);
    browser = await launchChromium();
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    browser,
    close: async () => {
      await browser?.close();
      await app.close();
    },
  };
}

export async function newContext(harness: BrowserHarness, options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  return harness.browser.newContext({ baseURL: harness.app.url, locale: options.locale ?? 'da-DK', viewport: options.viewport ?? { width: 1280, height: 860 } });
}

type ContextOptions = Parameters<typeof newContext>[1];

/**
 * Two people, each in a browser context of their own, signed in (`keys`) and on the same `url`;
 * `run` gets their pages (and the url and contexts, e.g. to go offline); the contexts are closed after.
 */
export async function asTwo(
  harness: BrowserHarness,
  keys: [string, string],
  url: string,
  run: (a: Page, b: Page, more: { url: string; contexts: [BrowserContext, BrowserContext] }) => Promise<void>,
  options: { second?: ContextOptions } = {},
): Promise<void> {
  const first = await newContext(harness);
  const second = await newContext(harness, options.second);
  try {
    const a = await first.newPage();
    const b = await second.newPage();
    await signIn(a, keys[0]);
    await signIn(b, keys[1]);
    await a.goto(url);
    await b.goto(url);
    await run(a, b, { url, contexts: [first, second] });
  } finally {
    await first.close();
    await second.close();
  }
}

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/E-mail|Email/).fill(demoEmail(key));
  await page.getByLabel(/Adgangskode|Password/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(Log ind|Sign in)$/ }).click();
  await page.getByRole('banner').waitFor();
}

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.1 A/AA rules) in the page and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
