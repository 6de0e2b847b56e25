/**
 * What PostgreSQL text and jsonb can hold. Any Unicode text, but not the NUL
 * character (U+0000): text refuses it, and jsonb refuses `\u0000`. JSON text
 * also cannot carry a UTF-16 surrogate without its pair (`\ud800`), which a
 * JavaScript string can hold (JSON.parse makes one from a sender's escape):
 * jsonb refuses it, and text gets it silently replaced by the driver. A
 * message received from outside may hold either, so whatever is kept of it
 * as text goes through here first.
 */

const NUL = '\u0000';
/** A surrogate that is not half of a pair: in `u` mode a pair is one code point, never Cs. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;
const REPLACEMENT = '\uFFFD';
const CUT = '\u2026';

export function isStorableText(text: string): boolean {
  return !text.includes(NUL) && !LONE_SURROGATE.test(text);
}

/**
 * The text as the store can keep it: each unstorable character replaced by
 * U+FFFD, and cut (ending in `…`) past `maxLength` UTF-16 units. A btree
 * index entry must fit in a third of a page (about 2,700 bytes), so a value
 * in an index is bounded: a UTF-16 unit is at most 3 bytes of UTF-8.
 */
export function storableText(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  const bounded = text.length > maxLength ? `${text.slice(0, maxLength - CUT.length)}${CUT}` : text;
  // After the cut, which may have split a surrogate pair.
  return bounded.replaceAll(NUL, REPLACEMENT).replace(LONE_SURROGATES, REPLACEMENT);
}

/**
 * The path (from `root`: `message.person.familyName`, `message.person.localIds[2].value`)
 * of the first string or property name in a JSON-shaped value that the
 * store cannot keep, or null when there is none. Iterative, so that no
 * nesting depth can exhaust the stack.
 */
export function unstorableTextPath(value: unknown, root: string): string | null {
  const stack: { value: unknown; path: string; name: string }[] = [{ value, path: root, name: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: current, path, name } = next;
    if (!isStorableText(name) || (typeof current === 'string' && !isStorableText(current))) return path;
    // Children are pushed last first, so that the first problem in document order is the one named.
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) stack.push({ value: current[index], path: `${path}[${index}]`, name: '' });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [childName, child] = entries[index]!;
        stack.push({ value: child, path: `${path}.${storableText(childName)}`, name: childName });
      }
    }
  }
  return null;
}
