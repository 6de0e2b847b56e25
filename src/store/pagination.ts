/**
 * Keyset pagination behind Relay-style connections. A cursor is the sort key
 * of the last row seen, so a page costs an index range scan however deep the
 * caller has paged, and rows inserted meanwhile never shift a page.
 */
import { BadInputError } from '../errors.js';

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Resolved only when a query asks for it: counting is a second query. */
  totalCount: () => Promise<number>;
}

/** What each part of a list's sort key is, so a cursor can be checked before it reaches SQL. */
export type KeyPart = 'timestamp' | 'uuid' | 'text' | 'integer';

export interface PageRequest {
  first: number;
  /** The decoded sort key of the last row of the previous page. */
  after: readonly (string | number)[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHECKS: Record<KeyPart, (value: unknown) => boolean> = {
  timestamp: (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value)),
  uuid: (value) => typeof value === 'string' && UUID.test(value),
  text: (value) => typeof value === 'string',
  integer: (value) => Number.isSafeInteger(value),
};

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads `first` and `after` as given to a list field; errors name the argument. */
export function readPage(
  args: { first?: number | null; after?: string | null },
  keyParts: readonly KeyPart[],
  maxPageSize: number,
  defaultPageSize = 20,
): PageRequest {
  const first = args.first ?? defaultPageSize;
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw new BadInputError('first', `must be between 0 and ${maxPageSize}, not ${first}`);
  }
  return { first, after: args.after == null ? null : decodeCursor(args.after, keyParts) };
}

function decodeCursor(cursor: string, keyParts: readonly KeyPart[]): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) && key.length === keyParts.length && keyParts.every((part, i) => CHECKS[part](key[i]));
  if (!valid) throw new BadInputError('after', 'is not a cursor from this list (use pageInfo.endCursor as given)');
  return key as (string | number)[];
}

/**
 * Builds a connection from up to `first + 1` rows fetched in sort order: the
 * extra row only tells whether there is a next page.
 */
export function toConnection<T>(
  rows: readonly T[],
  page: PageRequest,
  keyOf: (row: T) => readonly (string | number)[],
  totalCount: () => Promise<number>,
): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
