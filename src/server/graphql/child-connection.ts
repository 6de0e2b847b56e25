import { toConnection, type Connection, type PageRequest } from '../../store/pagination.js';

/**
 * A list field under each item of a list (`Customer.referrals`): first pages
 * come from a per-request DataLoader so N parents cost one query; a later
 * page (with `after`) is one parent's own query.
 */
export function childConnection<T extends { id: string }>(options: {
  page: PageRequest;
  /** Up to `page.first + 1` rows, from the batched loader. */
  firstPage: () => Promise<T[]>;
  laterPage: () => Promise<Connection<T>>;
  count: () => Promise<number>;
  /** What a cursor holds, where laterPage reads more than an id (toConnection). */
  positionOf?: (node: T) => string;
}): Promise<Connection<T>> {
  if (options.page.after) return options.laterPage();
  return options.firstPage().then((rows) => toConnection(rows, options.page, options.count, options.positionOf));
}
