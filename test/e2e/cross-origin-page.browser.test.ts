/**
 * A frontend on an origin of its own, in a real browser (Chromium from the
 * system's packages): a page served from another port queries /graphql with
 * a bearer token and subscribes over graphql-ws, as the hub board would.
 * CORS_ORIGINS allows that origin and no other; a page on an origin it does
 * not allow can do neither, the browser itself refusing what the gateway
 * did not let through.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'puppeteer-core';
import { admissionA01 } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { installedChromium, launchChromium, NO_CHROMIUM_MESSAGE } from '../support/chromium.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, type TestStorePlace } from '../support/stores.js';

const SLOW_MS = 180_000;

/** A blank page on its own origin: the scripts below run in it, as a frontend's code would. */
async function startPageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>hub board</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** In the page: a POST to /graphql with the token; what came back, or the browser's refusal. */
function queryFromPage(page: Page, gatewayUrl: string, token: string): Promise<{ status?: number; body?: unknown; refused?: string }> {
  return page.evaluate(async (url, bearer) => {
    try {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query: '{ viewer { role } referrals(first: 1) { totalCount } }' }),
      });
      return { status: response.status, body: await response.json() };
    } catch (error) {
      return { refused: String(error) };
    }
  }, gatewayUrl, token);
}

/**
 * In the page: a graphql-ws subscription to referralChanged, spoken by hand
 * over the browser's WebSocket (the page loads nothing). Events land in
 * `heard`; `socketState` says whether it was acknowledged,
 * subscribed or closed.
 */
function subscribeFromPage(page: Page, gatewayUrl: string, token: string): Promise<string> {
  return page.evaluate((url, bearer) => {
    const state = globalThis as unknown as { heard: unknown[]; socketState: string };
    state.heard = [];
    state.socketState = 'connecting';
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    return new Promise<string>((resolve) => {
      socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${bearer}` } }));
      socket.onmessage = (message) => {
        const frame = JSON.parse(String(message.data));
        if (frame.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { referralChanged { changes referral { hospitalSpell { spellId } } } }' } }));
          state.socketState = 'subscribed';
          resolve('subscribed');
        } else if (frame.type === 'next') {
          state.heard.push(frame.payload);
        }
      };
      socket.onclose = (event) => {
        state.socketState = `closed ${event.code}`;
        resolve(state.socketState);
      };
    });
  }, gatewayUrl, token);
}

const chromium = installedChromium();
if (!chromium) console.warn(NO_CHROMIUM_MESSAGE);
const describeInChromium = chromium ? describe : describe.skip;

describeInChromium(chromium ? 'a frontend on another origin, in Chromium' : NO_CHROMIUM_MESSAGE, () => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let browser: Browser;
  let allowed: { server: Server; origin: string };
  let other: { server: Server; origin: string };

  beforeAll(async () => {
    [allowed, other] = await Promise.all([startPageServer(), startPageServer()]);
    place = await createTestStorePlace('pglite');
    [gw, browser] = await Promise.all([startTestGateway(place, { CORS_ORIGINS: allowed.origin }), launchChromium(chromium!)]);
  }, SLOW_MS);
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    await place?.remove();
    for (const each of [allowed, other]) await new Promise((resolve) => each?.server.close(resolve));
  }, SLOW_MS);

  async function pageOn(origin: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(origin);
    return page;
  }

  test('a page on the allowed origin queries with its token and hears a discharge arrive', async () => {
    const page = await pageOn(allowed.origin);
    const token = await gw.token('HUB_COORDINATOR');
    const query = await queryFromPage(page, gw.url, token);
    expect(query).toMatchObject({ status: 200, body: { data: { viewer: { role: 'HUB_COORDINATOR' } } } });
    expect((query.body as { errors?: unknown }).errors).toBeUndefined();

    expect(await subscribeFromPage(page, gw.url, token)).toBe('subscribed');
    // A moment for the gateway to register the subscribe it was just sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const spell = `CROSS-ORIGIN-${Date.now()}`;
    const reply = await postHl7(gw.url, await gw.token('SYSTEM', { trust: 'RXX' }), admissionA01(spell, 'CROSSORIGIN'));
    expect(reply.acks[0]!.code).toBe('AA');
    await page.waitForFunction(`JSON.stringify(window.heard).includes(${JSON.stringify(spell)})`, { timeout: 30_000 });
    const heard = await page.evaluate(() => (globalThis as unknown as { heard: unknown[] }).heard);
    expect(heard).toContainEqual({ data: { referralChanged: { changes: ['RECEIVED'], referral: { hospitalSpell: { spellId: spell } } } } });
    await page.close();
  }, SLOW_MS);

  test('a page on an origin not allowed can neither read a query nor open a subscription', async () => {
    const page = await pageOn(other.origin);
    const token = await gw.token('HUB_COORDINATOR');
    expect(await queryFromPage(page, gw.url, token)).toEqual({ refused: expect.stringContaining('Failed to fetch') });
    expect(await subscribeFromPage(page, gw.url, token)).toBe('closed 1006');
    await page.close();
  }, SLOW_MS);
});
