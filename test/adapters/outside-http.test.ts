/**
 * The outbound HTTP client's connection limit, against a real server on
 * loopback that holds each call a while and counts how many it has at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutsideHttp } from '../../adapters/outside-http.js';

const HOLD_MS = 60;

describe('createOutsideHttp', () => {
  let server: Server;
  let url: string;
  let inFlight = 0;
  let mostInFlight = 0;
  const arrived: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
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
});
