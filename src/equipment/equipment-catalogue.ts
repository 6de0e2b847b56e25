/**
 * The supplier's catalogue as the gateway serves it: fetched whole, kept for
 * a short time (the supplier's price list is the truth, and prices change),
 * one fetch shared by everyone asking meanwhile, and the last good copy
 * served while the supplier is down rather than no catalogue at all.
 */
import { BadInputError } from '../errors.js';
import { encodeCursor, type Connection, type PageRequest } from '../store/pagination.js';
import type { CatalogueItem, EquipmentSupplier } from './ports.js';

export type CatalogueItemConnectionRecord = Connection<CatalogueItem>;

export class CatalogueCache {
  private fetched: { items: CatalogueItem[]; byCode: Map<string, CatalogueItem>; at: number } | null = null;
  private fetching: Promise<void> | null = null;

  constructor(
    private readonly supplier: EquipmentSupplier,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async items(): Promise<{ items: readonly CatalogueItem[]; byCode: ReadonlyMap<string, CatalogueItem> }> {
    if (!this.fetched || this.now() - this.fetched.at >= this.ttlMs) {
      try {
        await (this.fetching ??= this.refresh().finally(() => (this.fetching = null)));
      } catch (error) {
        // A stale price list beats none while the supplier is away; with none at all, say so.
        if (!this.fetched) throw error;
      }
    }
    return this.fetched!;
  }

  private async refresh(): Promise<void> {
    const items = await this.supplier.catalogue();
    this.fetched = { items, byCode: new Map(items.map((item) => [item.code.toUpperCase(), item])), at: this.now() };
  }
}

/** Items whose name or code holds every word of `search`, in `category` when given, in catalogue order. */
export function searchCatalogue(items: readonly CatalogueItem[], search: string | null, category: string | null): CatalogueItem[] {
  const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const wanted = category?.trim().toLowerCase() || null;
  return items.filter((item) => {
    if (wanted !== null && item.category.toLowerCase() !== wanted) return false;
    const text = `${item.code} ${item.name}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** A page of found items; a cursor is an item's code. */
export function catalogueConnection(found: readonly CatalogueItem[], page: PageRequest): CatalogueItemConnectionRecord {
  const start = page.after === null ? 0 : found.findIndex((item) => item.code === page.after) + 1;
  if (start === 0 && page.after !== null) throw new BadInputError('after', 'names an item no longer among the results: start again without it');
  const edges = found.slice(start, start + page.first).map((node) => ({ cursor: encodeCursor(node.code), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + page.first < found.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: async () => found.length,
  };
}
