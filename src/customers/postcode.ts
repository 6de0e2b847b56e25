/**
 * UK postcode validation and normalisation (format as in BS 7666 and the
 * Royal Mail Postcode Address File, plus the NHS pseudo-postcodes). Pure functions.
 */

// Outward code forms A9, A99, AA9, AA99, A9A, AA9A with the letters each
// position may hold; inward code a digit and two letters from which C, I, K,
// M, O and V are excluded. GIR 0AA is the one historic exception.
const OUTWARD =
  '(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])';
const INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}';
// NHS pseudo-postcodes (ZZ99 3VZ: no fixed abode, ZZ99 3WZ: not known...) are
// not Royal Mail postcodes but are what NHS systems send for these people.
const NHS_PSEUDO = 'ZZ99[0-9][A-Z]Z';
const POSTCODE = new RegExp(`^(?:${OUTWARD}${INWARD}|GIR0AA|${NHS_PSEUDO})$`);

/** The normalised postcode (`SW1A 1AA`), or null if the input is not a UK postcode. */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (!POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
