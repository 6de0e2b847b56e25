/**
 * Splits a received body into messages, on bytes and before decoding: each
 * message may declare its own character set in MSH-18, and each is stored in
 * the inbox exactly as it came. A body is one message, several one after
 * another, or an HL7 batch (FHS/BHS ... BTS/FTS, v2.x chapter 2.10.3) whose
 * envelope segments say nothing the gateway needs and are dropped.
 */
import { contentStart, isWhiteSpace, startsWithMsh } from './msh-prefix.js';

const CR = 0x0d;
const LF = 0x0a;
const ENVELOPE_SEGMENTS = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

/**
 * Anything outside a message that is not envelope (text before the first
 * MSH) comes back as a piece of its own, so that decoding refuses it as not
 * HL7 instead of it vanishing unseen.
 */
export function splitHl7Batch(body: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let pieceStart: number | null = null;
  const closePiece = (end: number) => {
    if (pieceStart !== null) {
      const piece = trimPiece(body, pieceStart, end);
      if (piece.length > 0) pieces.push(piece);
    }
    pieceStart = null;
  };
  for (let at = contentStart(body); at < body.length; at = nextSegmentStart(body, at)) {
    if (startsWithMsh(body, at)) {
      closePiece(at);
      pieceStart = at;
    } else if (isEnvelopeSegment(body, at)) {
      closePiece(at);
    } else if (pieceStart === null && !isWhiteSpace(body[at] as number)) {
      pieceStart = at;
    }
  }
  closePiece(body.length);
  return pieces;
}

/** The first FHS and BHS of a batch, as sent (latin1, before any decoding): null where the body has none before its first message. */
export interface BatchHeaders {
  fhs: string | null;
  bhs: string | null;
}

export function readBatchHeaders(body: Buffer): BatchHeaders {
  const headers: BatchHeaders = { fhs: null, bhs: null };
  for (let at = contentStart(body); at < body.length && !startsWithMsh(body, at); at = nextSegmentStart(body, at)) {
    if (!isEnvelopeSegment(body, at)) continue;
    const id = body.toString('latin1', at, at + 3);
    let end = at;
    while (end < body.length && body[end] !== CR && body[end] !== LF) end++;
    if (id === 'FHS') headers.fhs ??= body.toString('latin1', at, end);
    if (id === 'BHS') headers.bhs ??= body.toString('latin1', at, end);
  }
  return headers;
}

function nextSegmentStart(body: Buffer, at: number): number {
  let end = at;
  while (end < body.length && body[end] !== CR && body[end] !== LF) end++;
  while (end < body.length && (body[end] === CR || body[end] === LF)) end++;
  return end;
}

function isEnvelopeSegment(body: Buffer, at: number): boolean {
  const separator = body[at + 3];
  return ENVELOPE_SEGMENTS.has(body.toString('latin1', at, at + 3)) && separator !== undefined && !isWhiteSpace(separator);
}

/** The piece without surrounding blank lines, keeping its last segment's own terminator (CR, LF or CRLF). */
function trimPiece(body: Buffer, start: number, end: number): Buffer {
  let last = end;
  while (last > start && isWhiteSpace(body[last - 1] as number)) last--;
  if (last === start) return body.subarray(start, start);
  // Spaces that end the last segment are data, not blank lines.
  while (last < end && body[last] !== CR && body[last] !== LF) last++;
  if (body[last] === CR && body[last + 1] === LF && last + 2 <= end) return body.subarray(start, last + 2);
  if ((body[last] === CR || body[last] === LF) && last + 1 <= end) return body.subarray(start, last + 1);
  return body.subarray(start, last);
}
