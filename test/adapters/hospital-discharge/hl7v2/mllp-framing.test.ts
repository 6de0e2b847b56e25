import fc from 'fast-check';
import { frameMllp, MllpFrameDecoder, type MllpEvent } from '../../../../adapters/hospital-discharge/hl7v2/mllp-framing.js';

const FRAME_LIMIT = 1_048_576;

const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;
const bytes = (...parts: (string | number)[]) => Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.of(p) : Buffer.from(p))));

function frames(events: MllpEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'frame' ? [e.payload.toString()] : []));
}

describe('frameMllp', () => {
  test('wraps a payload in VT ... FS CR', () => {
    expect(frameMllp(Buffer.from('MSH|x\r'))).toEqual(bytes(VT, 'MSH|x\r', FS, CR));
  });
});

describe('MllpFrameDecoder', () => {
  test('finds several frames in one chunk', () => {
    const decoder = new MllpFrameDecoder(FRAME_LIMIT);
    expect(decoder.push(Buffer.concat([frameMllp(Buffer.from('one')), frameMllp(Buffer.from('two'))]))).toEqual([
      { kind: 'frame', payload: Buffer.from('one') },
      { kind: 'frame', payload: Buffer.from('two') },
    ]);
  });

  test('joins a frame split over chunks, the FS CR split too', () => {
    const decoder = new MllpFrameDecoder(FRAME_LIMIT);
    expect(decoder.push(bytes(VT, 'MS'))).toEqual([]);
    expect(decoder.push(bytes('H|1'))).toEqual([]);
    expect(decoder.push(bytes(FS))).toEqual([{ kind: 'frame', payload: Buffer.from('MSH|1') }]);
    expect(decoder.push(bytes(CR, VT, 'x', FS, CR))).toEqual([{ kind: 'frame', payload: Buffer.from('x') }]);
  });

  test('reports bytes outside frames as discarded, in order', () => {
    const decoder = new MllpFrameDecoder(FRAME_LIMIT);
    expect(decoder.push(bytes('junk', VT, 'a', FS, CR, '\r\n', VT, 'b', FS, CR, 'tail'))).toEqual([
      { kind: 'discarded', bytes: 4 },
      { kind: 'frame', payload: Buffer.from('a') },
      { kind: 'discarded', bytes: 2 },
      { kind: 'frame', payload: Buffer.from('b') },
      { kind: 'discarded', bytes: 4 },
    ]);
  });

  test('ends a frame at an FS whose CR never comes', () => {
    const decoder = new MllpFrameDecoder(FRAME_LIMIT);
    expect(decoder.push(bytes(VT, 'a', FS, VT, 'b', FS, 'x'))).toEqual([
      { kind: 'frame', payload: Buffer.from('a') },
      { kind: 'frame', payload: Buffer.from('b') },
      { kind: 'discarded', bytes: 1 },
    ]);
  });

  test('discards a frame that a new start block interrupts', () => {
    const decoder = new MllpFrameDecoder(FRAME_LIMIT);
    expect(decoder.push(bytes(VT, 'lost', VT, 'kept', FS, CR))).toEqual([
      { kind: 'discarded', bytes: 4 },
      { kind: 'frame', payload: Buffer.from('kept') },
    ]);
  });

  test('reports an oversize frame once, drops it without buffering, and takes the next frame', () => {
    const decoder = new MllpFrameDecoder(8);
    expect(decoder.push(bytes(VT, '12345'))).toEqual([]);
    expect(decoder.push(bytes('6789'))).toEqual([{ kind: 'oversize', limit: 8 }]);
    expect(decoder.push(Buffer.alloc(1000, 'z'))).toEqual([]);
    expect(decoder.push(bytes(FS, CR, VT, '12345678', FS, CR))).toEqual([{ kind: 'frame', payload: Buffer.from('12345678') }]);
  });

  test('resynchronises at a start block inside an oversize frame', () => {
    const decoder = new MllpFrameDecoder(3);
    expect(decoder.push(bytes(VT, 'toolong', VT, 'ok', FS, CR))).toEqual([
      { kind: 'oversize', limit: 3 },
      { kind: 'frame', payload: Buffer.from('ok') },
    ]);
  });

  test('end() discards a frame left open', () => {
    const decoder = new MllpFrameDecoder(FRAME_LIMIT);
    decoder.push(bytes(VT, 'half'));
    expect(decoder.end()).toEqual([{ kind: 'discarded', bytes: 4 }]);
  });

  test('does not keep a reference to the chunks it was given', () => {
    const decoder = new MllpFrameDecoder(FRAME_LIMIT);
    const chunk = bytes(VT, 'abc');
    decoder.push(chunk);
    chunk.fill(0x41);
    expect(decoder.push(bytes(FS, CR))).toEqual([{ kind: 'frame', payload: Buffer.from('abc') }]);
  });
});

describe('MllpFrameDecoder property', () => {
  const payload = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.filter((b) => b !== VT && b !== FS)));
  // Junk between frames: anything but a start block; an FS in it just ends nothing.
  const junk = fc.uint8Array({ maxLength: 10 }).map((a) => Buffer.from(a.filter((b) => b !== VT)));

  test('frames with junk between them, cut into any chunks, come out exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(junk, payload), { maxLength: 8 }), junk, fc.array(fc.nat(), { maxLength: 20 }), (items, trailing, cuts) => {
        const stream = Buffer.concat([...items.flatMap(([before, p]) => [before, frameMllp(p)]), trailing]);
        const offsets = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...offsets, stream.length].slice(1).map((end, i, ends) => stream.subarray(i === 0 ? 0 : ends[i - 1], end));
        const decoder = new MllpFrameDecoder(FRAME_LIMIT);
        const events = [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
        expect(events.filter((e) => e.kind === 'frame').map((e) => (e.kind === 'frame' ? e.payload : null))).toEqual(items.map(([, p]) => p));
        const junkBytes = items.reduce((sum, [before]) => sum + before.length, trailing.length);
        expect(events.reduce((sum, e) => sum + (e.kind === 'discarded' ? e.bytes : 0), 0)).toBe(junkBytes);
      }),
      { numRuns: 500 },
    );
  });

  test('split at every byte gives the same frames as one chunk', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(junk, payload), { minLength: 1, maxLength: 4 }), (items) => {
        const stream = Buffer.concat(items.flatMap(([before, p]) => [before, frameMllp(p)]));
        const decoder = new MllpFrameDecoder(FRAME_LIMIT);
        const byteByByte = [...stream].flatMap((b) => decoder.push(Buffer.of(b)));
        expect(frames(byteByByte)).toEqual(frames(new MllpFrameDecoder(FRAME_LIMIT).push(stream)));
      }),
    );
  });
});
