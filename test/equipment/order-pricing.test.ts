import { BadInputError } from '../../src/errors.js';
import type { CatalogueItem } from '../../src/equipment/ports.js';
import { MAX_LINES, MAX_QUANTITY_PER_LINE, priceOrder, type RequestedLine } from '../../src/equipment/order-pricing.js';

function item(code: string, unitPence: number, special = false, name = `Item ${code}`): CatalogueItem {
  return { code, name, category: 'Daily living', isoClass: null, unitPence, special, stock: 'IN_STOCK' };
}

/** Keyed by upper-case code, as CatalogueCache builds its `byCode`. */
function catalogueOf(...items: CatalogueItem[]): Map<string, CatalogueItem> {
  return new Map(items.map((i) => [i.code.toUpperCase(), i]));
}

const FRAME = item('WF-001', 2_850, false, 'Walking frame');
const RAIL = item('GR-010', 900, false, 'Grab rail');
const HOIST = item('HO-500', 120_000, true, 'Mobile hoist');
const BED = item('BED-010', 45_000, true, 'Profiling bed');
const CATALOGUE = catalogueOf(FRAME, RAIL, HOIST, BED);
const LIMIT = 10_000;

function line(itemCode: string, quantity = 1, fittingRequired = false): RequestedLine {
  return { itemCode, quantity, fittingRequired };
}

/** Runs `act`, expecting a BadInputError, and returns it. */
function badInput(act: () => unknown): BadInputError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return error as BadInputError;
  }
  throw new Error('expected a BadInputError, but nothing was thrown');
}

describe('priceOrder', () => {
  test('prices each line from the catalogue and totals in pence', () => {
    const priced = priceOrder([line('WF-001', 1), line('GR-010', 3, true)], CATALOGUE, LIMIT);
    expect(priced.lines).toEqual([
      { itemCode: 'WF-001', name: 'Walking frame', quantity: 1, unitPence: 2_850, fittingRequired: false },
      { itemCode: 'GR-010', name: 'Grab rail', quantity: 3, unitPence: 900, fittingRequired: true },
    ]);
    expect(priced.totalPence).toBe(2_850 + 3 * 900);
    expect(priced.needsAuthorisation).toBeNull();
  });

  test('matches item codes case-insensitively and trimmed, giving back the catalogue spelling', () => {
    const priced = priceOrder([line('  wf-001 ', 2), line('Gr-010\t', 1)], CATALOGUE, LIMIT);
    expect(priced.lines.map((l) => l.itemCode)).toEqual(['WF-001', 'GR-010']);
    expect(priced.totalPence).toBe(2 * 2_850 + 900);
  });

  test('a total exactly at the coordinator limit does not need authorisation', () => {
    const atLimit = priceOrder([line('GR-010', 10)], CATALOGUE, 9_000);
    expect(atLimit.totalPence).toBe(9_000);
    expect(atLimit.needsAuthorisation).toBeNull();
  });

  test('a total one penny above the coordinator limit needs authorisation, saying why in pounds', () => {
    const above = priceOrder([line('GR-010', 10)], CATALOGUE, 8_999);
    expect(above.needsAuthorisation).toContain('above the coordinator');
    expect(above.needsAuthorisation).toContain('£90.00');
    expect(above.needsAuthorisation).toContain('£89.99');
  });

  test('any special item needs authorisation, however cheap the order', () => {
    const cheapSpecial = catalogueOf(FRAME, item('SP-1', 1, true));
    const priced = priceOrder([line('WF-001'), line('sp-1')], cheapSpecial, LIMIT);
    expect(priced.totalPence).toBeLessThan(LIMIT);
    expect(priced.needsAuthorisation).toContain('SP-1');
    expect(priced.needsAuthorisation).toContain('occupational therapist');
  });

  test('every special item is named', () => {
    const priced = priceOrder([line('HO-500'), line('WF-001'), line('BED-010')], CATALOGUE, 10_000_000);
    expect(priced.needsAuthorisation).toMatch(/special items/);
    expect(priced.needsAuthorisation).toContain('HO-500');
    expect(priced.needsAuthorisation).toContain('BED-010');
    expect(priced.needsAuthorisation).not.toContain('WF-001');
  });

  test('a special item is recognised whatever the case of its catalogue code', () => {
    // CatalogueCache keys byCode by upper-case code but keeps the supplier's own spelling in the item.
    const mixedCase = catalogueOf(item('Hoist-5', 500, true));
    const priced = priceOrder([line('HOIST-5')], mixedCase, LIMIT);
    expect(priced.lines[0]!.itemCode).toBe('Hoist-5');
    expect(priced.needsAuthorisation).not.toBeNull();
  });

  test('accepts the largest order: MAX_LINES lines of MAX_QUANTITY_PER_LINE', () => {
    const many = Array.from({ length: MAX_LINES }, (_, i) => item(`X${i}`, 100));
    const priced = priceOrder(
      many.map((i) => line(i.code, MAX_QUANTITY_PER_LINE)),
      catalogueOf(...many),
      Number.MAX_SAFE_INTEGER,
    );
    expect(priced.lines).toHaveLength(MAX_LINES);
    expect(priced.totalPence).toBe(MAX_LINES * MAX_QUANTITY_PER_LINE * 100);
  });

  describe('refuses bad input, naming the argument', () => {
    test('an unknown item', () => {
      const error = badInput(() => priceOrder([line('WF-001'), line('NOPE-1')], CATALOGUE, LIMIT));
      expect(error.details.argument).toBe('input.lines[1].itemCode');
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('NOPE-1');
    });

    test('the same item twice, even spelt differently', () => {
      const error = badInput(() => priceOrder([line('WF-001'), line('GR-010'), line(' wf-001')], CATALOGUE, LIMIT));
      expect(error.details.argument).toBe('input.lines[2].itemCode');
      expect(error.message).toContain('line 1');
    });

    test.each([0, 21, 1.5, -1, Number.NaN])('quantity %p', (quantity) => {
      const error = badInput(() => priceOrder([line('WF-001'), line('GR-010', quantity)], CATALOGUE, LIMIT));
      expect(error.details.argument).toBe('input.lines[1].quantity');
    });

    test('quantities 1 and 20 are the bounds that are allowed', () => {
      expect(priceOrder([line('WF-001', 1), line('GR-010', 20)], CATALOGUE, Number.MAX_SAFE_INTEGER).totalPence).toBe(2_850 + 20 * 900);
    });

    test('no lines', () => {
      expect(badInput(() => priceOrder([], CATALOGUE, LIMIT)).details.argument).toBe('input.lines');
    });

    test('too many lines', () => {
      const many = Array.from({ length: MAX_LINES + 1 }, (_, i) => item(`X${i}`, 100));
      const error = badInput(() => priceOrder(many.map((i) => line(i.code)), catalogueOf(...many), LIMIT));
      expect(error.details.argument).toBe('input.lines');
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.lines' });
    });

    test('under the argument path it is given', () => {
      const error = badInput(() => priceOrder([line('NOPE-1')], CATALOGUE, LIMIT, 'input.changes.lines'));
      expect(error.details.argument).toBe('input.changes.lines[0].itemCode');
    });
  });
});
