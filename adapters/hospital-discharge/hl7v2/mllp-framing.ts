/**
 * MLLP framing (HL7 v2 Transport Specification: MLLP, release 2): each
 * message travels as <VT> payload <FS><CR>. Pure byte handling; the socket
 * server feeds received chunks in and acts on the events that come out.
 *
 * The standard forbids VT and FS inside the payload, so the decoder can
 * resynchronise on them: a VT always starts a new frame (a frame it
 * interrupts was never ended and is discarded), and an FS always ends one,
 * whether or not the CR that should follow it arrives (some senders drop it).
 */

const START_BLOCK = 0x0b;
const END_BLOCK = 0x1c;
const CARRIAGE_RETURN = 0x0d;

export type MllpEvent =
  /** A complete frame's payload. */
  | { kind: 'frame'; payload: Buffer }
  /** Bytes outside any frame, or of a frame that never ended, thrown away. */
  | { kind: 'discarded'; bytes: number }
  /** A frame grew past the limit: it is dropped up to its end, or up to the next start block. */
  | { kind: 'oversize'; limit: number };

export function frameMllp(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.of(START_BLOCK), payload, Buffer.of(END_BLOCK, CARRIAGE_RETURN)]);
}

type State =
  | { kind: 'between' }
  | { kind: 'inFrame'; chunks: Buffer[]; size: number }
  | { kind: 'skippingOversize' }
  /** After an FS, whose CR may be in the next chunk. */
  | { kind: 'afterEnd' };

export class MllpFrameDecoder {
  private state: State = { kind: 'between' };
  private discarded = 0;

  /** `maxFrameBytes`: MLLP_MAX_FRAME_BYTES; a frame past it is refused, never buffered. */
  constructor(private readonly maxFrameBytes: number) {}

  /** The events the chunk completes, in the order they happened; partial frames are kept for the next chunk. */
  push(chunk: Buffer): MllpEvent[] {
    const events: MllpEvent[] = [];
    let at = 0;
    while (at < chunk.length) {
      const state = this.state;
      switch (state.kind) {
        case 'afterEnd':
          if (chunk[at] === CARRIAGE_RETURN) at++;
          this.state = { kind: 'between' };
          break;
        case 'between': {
          const start = chunk.indexOf(START_BLOCK, at);
          const junkEnd = start === -1 ? chunk.length : start;
          this.discarded += junkEnd - at;
          at = junkEnd;
          if (start !== -1) {
            this.flushDiscarded(events);
            this.state = { kind: 'inFrame', chunks: [], size: 0 };
            at++;
          }
          break;
        }
        case 'inFrame':
        case 'skippingOversize': {
          const boundary = nextBoundary(chunk, at);
          const end = boundary === -1 ? chunk.length : boundary;
          if (state.kind === 'inFrame') this.collect(state, chunk.subarray(at, end), events);
          at = end;
          if (boundary === -1) break;
          if (chunk[boundary] === START_BLOCK) {
            if (this.state.kind === 'inFrame') this.discarded += this.state.size;
            this.flushDiscarded(events);
            this.state = { kind: 'inFrame', chunks: [], size: 0 };
          } else {
            if (this.state.kind === 'inFrame') events.push({ kind: 'frame', payload: Buffer.concat(this.state.chunks) });
            this.state = { kind: 'afterEnd' };
          }
          at++;
          break;
        }
      }
    }
    this.flushDiscarded(events);
    return events;
  }

  /** The connection closed: a frame still open is discarded. */
  end(): MllpEvent[] {
    const events: MllpEvent[] = [];
    if (this.state.kind === 'inFrame') this.discarded += this.state.size;
    this.state = { kind: 'between' };
    this.flushDiscarded(events);
    return events;
  }

  private collect(state: Extract<State, { kind: 'inFrame' }>, bytes: Buffer, events: MllpEvent[]): void {
    if (state.size + bytes.length > this.maxFrameBytes) {
      events.push({ kind: 'oversize', limit: this.maxFrameBytes });
      this.state = { kind: 'skippingOversize' };
      return;
    }
    // A copy: the caller owns the chunk and may reuse its memory.
    if (bytes.length > 0) state.chunks.push(Buffer.from(bytes));
    state.size += bytes.length;
  }

  private flushDiscarded(events: MllpEvent[]): void {
    if (this.discarded > 0) events.push({ kind: 'discarded', bytes: this.discarded });
    this.discarded = 0;
  }
}

function nextBoundary(chunk: Buffer, from: number): number {
  const start = chunk.indexOf(START_BLOCK, from);
  const end = chunk.indexOf(END_BLOCK, from);
  if (start === -1) return end;
  if (end === -1) return start;
  return Math.min(start, end);
}
