/**
 * The outbound HTTP client against a real server on loopback, in a file
 * without nock: its connection limit (the server counts the calls it has at
 * once) and an aborted call reaching the socket (the paged record fetches
 * stop their other pages this way).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutsideHttp, requestReply } from '../../adapters/outside-http.js';

const HOLD_MS = 60;

describe('createOutsideHttp', () => {
  let server: Server;
  let url: string;
  let inFlight = 0;
  let mostInFlight = 0;
  const arrived: string[] = [];
  /** Calls to /hold are never answered; each tells this when its connection closes. */
  let held: (call: { closed: Promise<void> }) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/hold') {
        held({ closed: new Promise((resolve) => response.on('close', resolve)) });
        return;
      }
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      arrived.push(request.url!);
      setTimeout(() => {
        inFlight -= 1;
        response.end('ok');
      }, HOLD_MS);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    mostInFlight = 0;
    arrived.length = 0;
  });

  const callsOf = (maxConnections: number | undefined, count: number) => {
    const http = createOutsideHttp({ baseUrl: url, timeoutMs: 5_000, accept: 'text/plain', maxBodyBytes: 1_000, maxConnections });
    return Promise.all(Array.from({ length: count }, (_, index) => http.get<string>(`/call/${index}`)));
  };

  test('with a limit, no more calls than that are in flight at once; the rest wait their turn, in the order made', async () => {
    const answers = await callsOf(2, 6);
    expect(answers.map((answer) => answer.data)).toEqual(Array(6).fill('ok'));
    expect(mostInFlight).toBe(2);
    expect(arrived).toEqual(['/call/0', '/call/1', '/call/2', '/call/3', '/call/4', '/call/5']);
  });

  test('without one, every call goes out at once', async () => {
    await callsOf(undefined, 6);
    expect(mostInFlight).toBe(6);
  });

  test('an aborted call is dropped at the socket, so the system stops working on it', async () => {
    const http = createOutsideHttp({ baseUrl: url, timeoutMs: 5_000, accept: 'text/plain', maxBodyBytes: 1_000, maxConnections: 2 });
    const arrivedAtServer = new Promise<{ closed: Promise<void> }>((resolve) => (held = resolve));
    const controller = new AbortController();
    const call = requestReply(http, { url: '/hold', signal: controller.signal }, (failure) => new Error(failure));
    const { closed } = await arrivedAtServer;
    controller.abort();
    await expect(call).rejects.toThrow(/ERR_CANCELED/);
    await closed;
  });
});
