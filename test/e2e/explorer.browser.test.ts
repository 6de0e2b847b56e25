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
import { admissionA01 } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { installedChromium, launchChromium, NO_CHROMIUM_MESSAGE } from '../support/chromium.js';
import { postHl7 } from '../support/feed-clients.js';
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

  /**
   * Puts `query` in GraphiQL's query editor through its CodeMirror instance, as
   * typing would, and waits for GraphiQL to have parsed it (it does so 100 ms
   * after a change): run before that, it would send the old operation's name.
   */
  async function setQuery(page: Page, query: string, operationName: string): Promise<void> {
    await page.waitForFunction(`document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror !== undefined`);
    await page.evaluate(`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(${JSON.stringify(query)})`);
    await page.waitForFunction(`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.operationName === ${JSON.stringify(operationName)}`);
  }

  /**
   * The page's WebSockets as DevTools sees them: the addresses it opened, and
   * `subscribed`, which resolves once the gateway has acknowledged a socket and
   * the page has sent its subscribe on it.
   */
  async function watchSockets(page: Page) {
    const urls: string[] = [];
    let acknowledged = false;
    let markSubscribed!: () => void;
    const subscribed = new Promise<void>((resolve) => (markSubscribed = resolve));
    const session = await page.createCDPSession();
    session.on('Network.webSocketCreated', (event) => void urls.push(event.url));
    session.on('Network.webSocketFrameReceived', (event) => void (acknowledged ||= event.response.payloadData.includes('"connection_ack"')));
    session.on('Network.webSocketFrameSent', (event) => void (acknowledged && event.response.payloadData.includes('"subscribe"') && markSubscribed()));
    await session.send('Network.enable');
    return { urls, subscribed };
  }

  /** `promise`, or a failure saying `why` when it has not settled within `ms` (a CSP refusal shows only as a console error). */
  async function within<T>(ms: number, promise: Promise<T>, why: () => string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why())), ms)));
    try {
      return await Promise.race([promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  test('starts a subscription and sees an event arrive after a feed message', async () => {
    const page = await offlinePage(gw!.url);
    const sockets = await watchSockets(page);
    await page.goto(`${gw!.url}/explorer`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.graphiql-container');
    await page.focus('input[name="token"]');
    await page.keyboard.sendCharacter(await gw!.token('HUB_COORDINATOR'));
    const spell = `EXPLORER-SPELL-${Date.now()}`;
    await setQuery(page, 'subscription LiveBoard { referralChanged { changes referral { id status hospitalSpell { spellId } } } }', 'LiveBoard');
    await page.click('.graphiql-execute-button');

    // The subscription must be running on the gateway before the message is sent, or its event goes to no one:
    // the server has acknowledged the socket and the page has sent its subscribe, then a moment for the
    // server to register it (as in live-updates.int.test.ts).
    await within(15_000, sockets.subscribed, () => `no subscription reached the gateway; the page said: ${pageErrors.join(' | ') || 'nothing'}`);
    await page.waitForSelector('.graphiql-execute-button[aria-label^="Stop"]');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await resultText(page)).not.toContain(spell);

    const reply = await postHl7(gw!.url, await gw!.token('SYSTEM', { trust: 'RXX' }), admissionA01(spell, 'EXPLORERHEARD'));
    expect(reply.acks[0]!.code).toBe('AA');
    await page.waitForFunction(`document.querySelector('.graphiql-response')?.textContent?.includes(${JSON.stringify(spell)})`, { timeout: 30_000 });
    const result = await resultText(page);
    expect(result).toMatch(/"changes": \[\s*"RECEIVED"\s*\]/);
    expect(result).toContain('"status": "RECEIVED"');
    expect(result).not.toContain('"errors"');

    // Over graphql-ws to the gateway's own host and path, which the page's CSP (connect-src 'self') let through.
    expect(sockets.urls).toEqual([`${gw!.url.replace(/^http/, 'ws')}/graphql`]);
    expect(refused).toEqual([]);
    expect(pageErrors.filter((error) => !error.includes('status of 401 (Unauthorized)'))).toEqual([]);
    await page.click('.graphiql-execute-button');
    await page.close();
  }, SLOW_MS);

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
