/**
 * Clients for the hospital feeds as a trust's integration engine would be:
 * HL7 v2 over HTTP, MLLP over a real socket, FHIR over HTTP. ACKs are read
 * into segments and fields so tests can assert MSA and ERR by position.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Hl7Ack {
  segments: string[][];
  /** MSA-1. */
  code: string;
  /** MSA-2: the control id acknowledged. */
  acknowledges: string;
  /** The field of a segment, HL7 numbering (MSH-1 being the separator). */
  field(segment: string, position: number): string | undefined;
}

export function readAcks(text: string): Hl7Ack[] {
  const messages: { separator: string; segments: string[][] }[] = [];
  for (const line of text.split('\r').filter(Boolean)) {
    // An ACK is written in its message's own delimiters: MSH-1 says which separates fields.
    if (line.startsWith('MSH')) messages.push({ separator: line.charAt(3), segments: [] });
    const current = messages.at(-1);
    current?.segments.push(line.split(current.separator));
  }
  return messages.map(({ separator, segments }) => {
    const field = (id: string, position: number) => {
      const found = segments.find((s) => s[0] === id);
      if (!found) return undefined;
      return id === 'MSH' ? (position === 1 ? separator : found[position - 1]) : found[position];
    };
    return { segments, code: field('MSA', 1) ?? '', acknowledges: field('MSA', 2) ?? '', field };
  });
}

export async function postHl7(url: string, token: string, body: string | Buffer, contentType = 'application/hl7-v2') {
  const response = await fetch(`${url}/feeds/hl7v2`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, acks: readAcks(text) };
}

export async function postFhir(url: string, token: string, body: string, format: 'json' | 'xml') {
  const response = await fetch(`${url}/feeds/fhir`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': `application/fhir+${format}` },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

export function mllpFrame(message: string | Buffer): Buffer {
  return Buffer.concat([Buffer.of(VT), Buffer.from(message), Buffer.of(FS, CR)]);
}

/** An MLLP connection that collects every ACK frame the gateway sends back. */
export class MllpClient {
  private buffered = Buffer.alloc(0);
  private readonly acks: string[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      for (;;) {
        const start = this.buffered.indexOf(VT);
        const end = this.buffered.indexOf(FS, start + 1);
        if (start === -1 || end === -1) break;
        this.acks.push(this.buffered.subarray(start + 1, end).toString('utf8'));
        this.buffered = this.buffered.subarray(end + 2);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(port: number): Promise<MllpClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new MllpClient(socket);
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** Waits until `count` ACKs have come in all told, and returns them parsed. */
  async acksReceived(count: number, timeoutMs = 10_000): Promise<Hl7Ack[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.acks.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} ACKs, got ${this.acks.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.acks.slice(0, count).flatMap(readAcks);
  }

  /** Half-closes: says it will send no more, and keeps reading what comes back. */
  finishSending(): void {
    this.socket.end();
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A port free a moment ago, for a listener a test must name in advance (MLLP_PORT=0 means off). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
