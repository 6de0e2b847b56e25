import { isStorableText, storableText, unstorableTextPath } from '../../src/store/storable-text.js';

describe('storableText', () => {
  test('keeps text the store can hold exactly as it is, astral characters included', () => {
    for (const text of ['', 'CTRL-0001', 'Renée O\u2019Neill', 'emoji \u{1F600} pair', 'tab\tnew\nline\r']) {
      expect(isStorableText(text)).toBe(true);
      expect(storableText(text, 200)).toBe(text);
    }
  });

  test('replaces NUL and each half of a broken surrogate pair with U+FFFD', () => {
    expect(storableText('A\u0000B')).toBe('A\uFFFDB');
    expect(storableText('\uD800x\uDC00')).toBe('\uFFFDx\uFFFD');
    expect(isStorableText('A\u0000B')).toBe(false);
    expect(isStorableText('\uDC00')).toBe(false);
  });

  test('cuts text past the bound, marking the cut, without leaving half a surrogate pair', () => {
    expect(storableText('x'.repeat(10_000), 200)).toBe(`${'x'.repeat(199)}\u2026`);
    expect(storableText('x'.repeat(200), 200)).toBe('x'.repeat(200));
    // The cut falls between the two halves of the emoji.
    const cut = storableText(`${'x'.repeat(198)}\u{1F600}yy`, 200);
    expect(cut).toHaveLength(200);
    expect(isStorableText(cut)).toBe(true);
  });
});

describe('unstorableTextPath', () => {
  test('names the first string or property name the store cannot hold, in document order', () => {
    const value = { header: { controlId: 'C1' }, person: { names: ['fine', 'NU\u0000L'], family: 'also\u0000bad' } };
    expect(unstorableTextPath(value, 'message')).toBe('message.person.names[1]');
    expect(unstorableTextPath({ ok: 1, ['k\u0000']: 'v' }, 'message')).toBe('message.k\uFFFD');
    expect(unstorableTextPath([null, 3, true, { a: '\uD800' }], 'm')).toBe('m[3].a');
  });

  test('null when everything is storable', () => {
    expect(unstorableTextPath({ a: ['b', { c: 'd' }], e: null, f: 1 }, 'message')).toBeNull();
  });

  test('walks a value nested far deeper than the stack would allow a recursive walk', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableTextPath(deep, 'm')).toBe(`m${'[0]'.repeat(100_000)}`);
  });
});
