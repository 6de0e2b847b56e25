import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * Reads a request body up to `maxBytes`. A declared Content-Length over the
 * limit is refused before reading; a body that grows past it while streaming
 * (chunked, or a lying header) is refused as soon as it does. Either way the
 * caller gets a 413 rather than a reset: Node discards the rest of the body
 * after the response (bounded by the server's requestTimeout), which clients
 * that finish sending before they read need.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is over the limit of ${maxBytes} bytes`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) return void chunks.push(chunk);
      chunks.length = 0;
      finish(() => reject(tooLarge()));
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks)));
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(new Error('the client closed the connection mid-body')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
