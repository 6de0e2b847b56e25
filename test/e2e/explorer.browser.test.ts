/**
 * The explorer in a real browser (Chromium from the system's packages, driven
 * by puppeteer-core), against a real gateway, with every request to any other
 * origin refused: the page must load and work with the network cut off.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { buildExplorer } from '../../src/server/explorer/build-explorer.js';
import { EXPLORER_BUNDLE_DIR } from '../../src/server/explorer/explorer-bundle.js';
import { installedChromium, launchChromium, NO_CHROMIUM_MESSAGE } from '../support/chromium.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, type TestStorePlace } from '../support/stores.js';

/** Starting a gateway on a fresh store (seeded) and a browser takes longer than Jest's default. */
const SLOW_MS = 180_000;

/** Hosts that serve front-end packages: a page that names one would fetch from it. */
const CDN_HOSTS = ['unpkg.com', 'cdn.jsdelivr.net', 'esm.sh', 'cdnjs.cloudflare.com', 'cdn.skypack.dev', 'fonts.googleapis.com', 'fonts.gstatic.com', 'embed.graphql.com'];

describe('the explorer bundle', () => {
  test('names no CDN: every script, style and font comes with it', async () => {
    const { manifest } = await buildExplorer();
    for (const file of manifest.files) {
      const text = await readFile(join(EXPLORER_BUNDLE_DIR, file), 'utf8');
      for (const host of CDN_HOSTS) expect(`${file}: ${text.includes(host) ? host : 'none'}`).toBe(`${file}: none`);
    }
  }, SLOW_MS);
});

const chromium = installedChromium();
if (!chromium) console.warn(NO_CHROMIUM_MESSAGE);
const describeInChromium = chromium ? describe : describe.skip;

describeInChromium(chromium ? 'the explorer in Chromium, offline' : NO_CHROMIUM_MESSAGE, () => {
  let place: TestStorePlace;
  let gw: TestGateway | null = null;
  let browser: Browser;
  /** Requests the page tried to make to anywhere but the gateway. */
  let refused: string[];
  /** What the page's console said in error, the CSP's refusals included, and what it threw. */
  let pageErrors: string[];

  beforeAll(async () => {
    await buildExplorer();
    place = await createTestStorePlace('pglite');
    [gw, browser] = await Promise.all([startTestGateway(place), launchChromium(chromium!)]);
  }, SLOW_MS);
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    await place?.remove();
  }, SLOW_MS);

  /** A page that may reach the gateway's origin and nothing else, as on a network with no way out. */
  async function offlinePage(origin: string): Promise<Page> {
    const page = await browser.newPage();
    refused = [];
    pageErrors = [];
    page.on('console', (message) => void (message.type() === 'error' && pageErrors.push(message.text())));
    page.on('pageerror', (error) => void pageErrors.push(String(error)));
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      const url = request.url();
      if (url.startsWith('data:') || new URL(url).origin === origin) return void request.continue();
      refused.push(url);
      void request.abort('internetdisconnected');
    });
    return page;
  }

  async function resultText(page: Page): Promise<string> {
    return page.$eval('.graphiql-response', (element) => element.textContent ?? '');
  }

  test('loads from the gateway alone, takes a pasted token and shows a query\'s data', async () => {
    const page = await offlinePage(gw!.url);
    const response = await page.goto(`${gw!.url}/explorer`, { waitUntil: 'networkidle0' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.waitForSelector('.graphiql-container');

    const token = await gw!.token('HUB_COORDINATOR');
    await page.focus('input[name="token"]');
    await page.keyboard.sendCharacter(token);
    // The default query: who the token says the caller is, and the hub board's counts.
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(`document.querySelector('.graphiql-response')?.textContent?.includes('byStatus')`, { timeout: 30_000 });
    const result = await resultText(page);
    expect(result).toContain('"role": "HUB_COORDINATOR"');
    expect(result).toMatch(/"status": "RECEIVED",\s*"count": \d+/);
    // The token stays in this tab's sessionStorage, never in localStorage.
    expect(await page.evaluate('JSON.stringify(sessionStorage)')).toContain(token);
    expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain(token);
    expect(refused).toEqual([]);
    // Only the gateway's 401s to the schema fetch made before the token was pasted: no CSP refusal, nothing thrown.
    expect(pageErrors.filter((error) => !error.includes('status of 401 (Unauthorized)'))).toEqual([]);
    await page.close();
  }, SLOW_MS);

  test('shows the schema\'s docs (introspection with the token) and offers the dev tokens per role', async () => {
    const page = await offlinePage(gw!.url);
    await page.goto(`${gw!.url}/explorer`, { waitUntil: 'networkidle0' });
    const roles = await page.$$eval('select[name="dev-token"] option', (options) => options.map((option) => option.value).filter(Boolean));
    expect(roles).toEqual(expect.arrayContaining(['HUB_COORDINATOR', 'VIEWER', 'ADMIN', 'HOSPITAL_DISCHARGE']));
    await page.select('select[name="dev-token"]', 'VIEWER');
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page.waitForFunction(`document.querySelector('.graphiql-doc-explorer')?.textContent?.includes('Query')`, { timeout: 30_000 });
    expect(refused).toEqual([]);
    await page.close();
  }, SLOW_MS);

  test('GET /graphql from a browser (Accept: text/html) serves the explorer', async () => {
    const page = await offlinePage(gw!.url);
    const response = await page.goto(`${gw!.url}/graphql`, { waitUntil: 'networkidle0' });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Care Gateway explorer');
    await page.waitForSelector('.graphiql-container');
    expect(refused).toEqual([]);
    await page.close();
  }, SLOW_MS);

  // SUBSCRIPTIONS: to be completed when graphql-ws lands on /graphql (another part of issue 14).
  // The page's fetcher already sends subscriptions over ws(s)://<host>/graphql with
  // { authorization: 'Bearer …' } in connection_init (explorer/fetcher.ts). The step:
  // paste a HUB_COORDINATOR token, run `subscription { referralChanged { … } }`, send an
  // HL7 v2 discharge to /feeds/hl7v2 with the SYSTEM token, and see the event in the result pane.
  test.todo('starts a subscription and sees an event arrive after a feed message');

  test('with NODE_ENV=production and EXPLORER unset, no explorer: /graphql answers a browser as it answers anyone', async () => {
    await gw!.stop();
    gw = null;
    gw = await startTestGateway(place, { NODE_ENV: 'production' });
    const page = await offlinePage(gw.url);
    const graphql = await page.goto(`${gw.url}/graphql`);
    expect(graphql?.status()).toBe(401);
    expect(await graphql?.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await page.goto(`${gw.url}/explorer`))?.status()).toBe(404);
    await page.close();
  }, SLOW_MS);
});
