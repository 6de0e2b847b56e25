/**
 * nock for one test file: no network but what a test lets through,
 * interceptors cleared after each test, and nock's hold on Node's http
 * module released when the file is done. Without that release every file
 * that imports nock patches http again, on top of the last, in its jest
 * worker, and later files there that talk to real servers on loopback go
 * through every layer: slower, aborts arriving late, and an http.Agent's
 * connection limit not applied at all.
 */
import nock from 'nock';

export function interceptHttpInThisFile(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}
