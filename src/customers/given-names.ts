/**
 * Given names as different feeds send them: FHIR carries every one
 * (`Ada Mary`), HL7 v2 often only the first (PID-5.2 `Ada`, the middle names
 * in PID-5.3 or not at all), forms whatever the ward typed. The hub compares
 * them alike whichever way they came: by the first given name when it looks
 * for a person, and as the same names when the fewer are the first of the
 * more, so `Ada` and `Ada Mary` are one person's names and `Ada Jane` is not.
 */

function words(given: string): string[] {
  return given.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
}

/** The first given name, case-folded: what a demographic match keys on. */
export function firstGivenName(given: string): string {
  return words(given)[0] ?? '';
}

export function givenNamesAlike(a: string | null, b: string | null): boolean {
  const [fewer, more] = [words(a ?? ''), words(b ?? '')].sort((x, y) => x.length - y.length);
  return fewer!.every((word, index) => more![index] === word);
}
