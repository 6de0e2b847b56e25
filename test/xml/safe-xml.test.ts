import { GatewayError } from '../../src/errors.js';
import { safeXmlParser, XmlRefusedError } from '../../src/xml/safe-xml.js';

const parse = safeXmlParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false }, 5);

function refusal(text: string): XmlRefusedError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof XmlRefusedError) return error;
    throw error;
  }
  throw new Error('expected an XmlRefusedError');
}

describe('safeXmlParser', () => {
  test('parses XML that passes the checks with the options given', () => {
    expect(parse('<?xml version="1.0"?>\n<A x="1"><B>2</B><!-- <C><D><E><F><G> --><![CDATA[<H><I><J>]]></A>')).toEqual({
      '?xml': { '@version': '1.0' },
      A: { '@x': '1', B: '2', '#text': '<H><I><J>' },
    });
  });

  test.each([
    ['a DOCTYPE', '<?xml version="1.0"?>\n<!DOCTYPE A>\n<A/>', 2, 'DOCTYPE'],
    ['a DOCTYPE in lower case', '<!doctype A>\n<A/>', 1, 'DOCTYPE'],
    ['an external entity (XXE)', '<?xml version="1.0"?>\n<!DOCTYPE A [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<A>&xxe;</A>', 2, 'DOCTYPE'],
    ['a lone ENTITY declaration', '<A>\n\n<!ENTITY a "b">\n</A>', 3, 'ENTITY'],
  ])('refuses %s before parsing, naming the line', (_what, text, line, kind) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.column).toBeNull();
    expect(error.location).toBe(`XML line ${line}`);
    expect(error.reason).toMatch(new RegExp(`^${kind} declarations are refused: .*\\(XXE\\)`));
    expect(error.message).toBe(`XML line ${line}: ${error.reason}`);
  });

  test('refuses billion laughs quickly, without expanding anything', () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const started = Date.now();
    const error = refusal(`<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<A>&lol10;</A>`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.location).toBe('XML line 2');
  });

  test('bounds nesting: the bound itself parses, one deeper is refused at its line', () => {
    const nested = (depth: number) => `${'<A>\n'.repeat(depth)}${'</A>'.repeat(depth)}`;
    expect(() => parse(nested(5))).not.toThrow();
    const error = refusal(nested(6));
    expect(error.location).toBe('XML line 6');
    expect(error.reason).toBe('elements are nested more than 5 deep');
  });

  test('counts empty elements, comments and quoted ">" as no deeper', () => {
    expect(() => parse(`<A><B><C><D x="a>b" y='>'><E/><E/><!-- <F><F> --><E></E></D></C></B></A>`)).not.toThrow();
  });

  test('refuses 10,000-deep nesting quickly', () => {
    const started = Date.now();
    const error = refusal(`<A>\n${'<B>'.repeat(10_000)}${'</B>'.repeat(10_000)}</A>`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.location).toBe('XML line 2');
  });

  test.each([
    ['a tag left open', '<A>\n<B>\n</A>', 3],
    ['not XML at all', '{"resourceType":"Patient"}', 1],
    ['an unquoted attribute', '<A x=1/>', 1],
  ])('refuses malformed XML (%s) with the validator’s line and column', (_what, text, line) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.column).toEqual(expect.any(Number));
    expect(error.location).toBe(`XML line ${line} column ${error.column}`);
    expect(error.reason).toMatch(/^not well-formed XML: /);
  });

  test.each([
    ['NUL in text', '<A>\n  <B>Te\u0000st</B></A>', 2, 8, 'U+0000 is not a character XML may hold (XML 1.0 §2.2, Char)'],
    ['another C0 control in an attribute', '<A x="a\u001bb"/>', 1, 8, 'U+001B is not a character XML may hold (XML 1.0 §2.2, Char)'],
    ['U+FFFE', '<A>\uFFFE</A>', 1, 4, 'U+FFFE is not a character XML may hold (XML 1.0 §2.2, Char)'],
    ['half of a surrogate pair', '<A>\n\n<B>\uD800</B></A>', 3, 4, 'U+D800 is not a character XML may hold (XML 1.0 §2.2, Char)'],
    ['a decimal reference to NUL', '<A>\n<B>x&#0;</B></A>', 2, 5, 'the character reference &#0; is to U+0000, not a character XML may hold (XML 1.0 §4.1)'],
    ['a hex reference to a control', '<A x="&#x1B;"/>', 1, 7, 'the character reference &#x1B; is to U+001B, not a character XML may hold (XML 1.0 §4.1)'],
    ['a reference past Unicode', '<A>&#x110000;</A>', 1, 4, 'the character reference &#x110000; is to U+110000, not a character XML may hold (XML 1.0 §4.1)'],
    ['a reference to a surrogate', '<A>&#xD800;</A>', 1, 4, 'the character reference &#xD800; is to U+D800, not a character XML may hold (XML 1.0 §4.1)'],
  ])('refuses %s, at its line and column', (_what, text, line, column, reason) => {
    expect(refusal(text)).toMatchObject({ line, column, location: `XML line ${line} column ${column}`, reason });
  });

  test('keeps tab, LF, CR, references to characters, and characters beyond the Basic Multilingual Plane', () => {
    expect(parse('<A x="a&#9;b">\t\r\n&#xE9;&#233; \u{1F600} &#x1F600;</A>')).toEqual({ A: { '@x': 'a\tb', '#text': '\u00e9\u00e9 \u{1F600} \u{1F600}' } });
  });

  test.each([
    ['an HTML entity in text', '<A>\n  <B>5&pound;</B></A>', 2, 7, 'the entity &pound; is not one XML defines (only &amp; &lt; &gt; &quot; &apos; and character references such as &#163; are)'],
    ['an HTML entity in an attribute value', '<A>\n<B x="a&nbsp;b"/></A>', 2, 8, 'the entity &nbsp; is not one XML defines (only &amp; &lt; &gt; &quot; &apos; and character references such as &#163; are)'],
    ['an entity after an attribute value holding "<!--"', '<A x="<!--">&copy;<!-- --></A>', 1, 13, 'the entity &copy; is not one XML defines (only &amp; &lt; &gt; &quot; &apos; and character references such as &#163; are)'],
    ['an & that begins no reference, in an attribute value', '<A x="Marks & Spencer"/>', 1, 13, 'an & that begins no entity or character reference (write &amp;)'],
    ['a character reference that is not one', '<A x="&#xZZ;"/>', 1, 7, 'an & that begins no entity or character reference (write &amp;)'],
  ])('refuses %s, as XML does with no DOCTYPE, at its line and column', (_what, text, line, column, reason) => {
    expect(refusal(text)).toMatchObject({ line, column, location: `XML line ${line} column ${column}`, reason });
  });

  test('decodes the five XML entities and character references once, and leaves comments, CDATA and instructions as they are', () => {
    expect(
      parse('<A x="&#163;5 &amp;nbsp;"><?pi &nbsp;?>&amp;nbsp; &amp;#163; &#xA3; &lt;&gt;&quot;&apos;<!-- &pound; --><![CDATA[&nbsp;&amp;]]></A>'),
    ).toMatchObject({ A: { '@x': '\u00a35 &nbsp;', '#text': '&nbsp; &#163; \u00a3 <>"\'&nbsp;&amp;' } });
  });

  test('refuses an empty body at line 1, where the validator gives no column', () => {
    const error = refusal('');
    expect(error).toMatchObject({ line: 1, column: null, location: 'XML line 1' });
    expect(error.reason).toBe('not well-formed XML: Start tag expected.');
  });

  test('turns the parser’s own refusals into XmlRefusedError with no place', () => {
    const error = refusal('<A><__proto__>x</__proto__></A>');
    expect(error.line).toBeNull();
    expect(error.location).toBe('XML');
    expect(error.reason).toMatch(/^not readable as XML: /);
  });

  test('is a GatewayError with code XML_REFUSED and its place in the extensions', () => {
    const error = refusal('<!DOCTYPE A>\n<A/>');
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.name).toBe('XmlRefusedError');
    expect(error.extensions).toEqual({ code: 'XML_REFUSED', line: 1, column: null });
  });
});
