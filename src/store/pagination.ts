/**
 * Keyset pagination behind Relay-style connections. A cursor names the last
 * row seen by its id only; the query finds that row's sort key itself. So a
 * page costs an index range scan however deep the caller has paged, rows
 * inserted meanwhile never shift a page, and a cursor reveals nothing about
 * the person it points at (a sort key of names or dates would). A list
 * sorted by a key that changes (referrals by when they were updated) holds
 * the key in its cursor instead, limited to fields its edge already shows
 * (src/referrals/referral-order.ts).
 */
import { BadInputError } from '../errors.js';
import type { SqlExecutor } from './database.js';
import { isGatewayId } from '../gateway-ids.js';

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Resolved only when a query asks for it: counting is a second query. */
  totalCount: () => Promise<number>;
}

/** What a list's row ids are, so a cursor can be checked before it reaches SQL; or a list's own check. */
export type RowIdKind = 'uuid' | 'integer' | 'code' | ((value: unknown) => boolean);

export interface PageRequest {
  first: number;
  /** The id of the last row of the previous page. */
  after: string | number | null;
}

const CHECKS: Record<Exclude<RowIdKind, (value: unknown) => boolean>, (value: unknown) => boolean> = {
  // The gateway writes its ids in lower case, so its cursors hold them so.
  uuid: (value) => isGatewayId(value) && value === (value as string).toLowerCase(),
  integer: (value) => Number.isSafeInteger(value) && (value as number) > 0,
  // An outside system's short key, such as a catalogue item code.
  code: (value) => typeof value === 'string' && value.length > 0 && value.length <= 100,
};

export function encodeCursor(id: string | number): string {
  return Buffer.from(JSON.stringify([id])).toString('base64url');
}

/**
 * Reads `first` and `after` as given to a list field; errors name the
 * argument. `first` is `Int!` with a default in the SDL, so the default lives
 * in one place and the cost limit always sees the real page size.
 */
export function readPage(args: { first: number; after?: string | null }, idKind: RowIdKind, maxPageSize: number): PageRequest {
  const { first } = args;
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw new BadInputError('first', `must be between 0 and ${maxPageSize}, not ${first}`);
  }
  return { first, after: args.after == null ? null : decodeCursor(args.after, idKind) };
}

function decodeCursor(cursor: string, idKind: RowIdKind): string | number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const check = typeof idKind === 'function' ? idKind : CHECKS[idKind];
  if (!Array.isArray(decoded) || decoded.length !== 1 || !check(decoded[0])) throw notACursor();
  return decoded[0] as string | number;
}

function notACursor(): BadInputError {
  return new BadInputError('after', 'is not a cursor from this list (use pageInfo.endCursor as given)');
}

/**
 * An empty page after a cursor may mean the list has ended, or that the
 * cursor names no row at all (forged, or from another list): only the second
 * is the caller's mistake, and they deserve to be told.
 */
export async function checkCursorRow(db: SqlExecutor, table: string, page: PageRequest, rowsFound: number, scope?: CursorScope): Promise<void> {
  if (page.after === null || rowsFound > 0) return;
  const found = scope
    ? await db.query(`SELECT 1 FROM ${table} WHERE id = $1 AND ${scope.column} = $2`, [page.after, scope.value])
    : await db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [page.after]);
  if (found.length === 0) throw notACursor();
}

/**
 * A list a viewer may see only part of (one trust's referrals): a cursor
 * naming a row outside it is no cursor of theirs, and is answered as a forged
 * one, so that it tells them neither that the row exists nor where it sorts.
 */
export interface CursorScope {
  column: string;
  value: string;
}

/** A list edge. Its cursor is encoded only when a query asks for it: most never do, and a board has thousands of edges. */
class Edge<T extends { id: string | number }> {
  constructor(
    readonly node: T,
    private readonly positionOf: (node: T) => string | number,
  ) {}

  get cursor(): string {
    return encodeCursor(this.positionOf(this.node));
  }
}

const byId = <T extends { id: string | number }>(node: T) => node.id;

/**
 * Builds a connection from up to `first + 1` rows fetched in sort order: the
 * extra row only tells whether there is a next page. A cursor holds the
 * row's id, or what `positionOf` gives (a list whose sort key may change
 * keeps the key itself).
 */
export function toConnection<T extends { id: string | number }>(
  rows: readonly T[],
  page: PageRequest,
  totalCount: () => Promise<number>,
  positionOf: (node: T) => string | number = byId,
): Connection<T> {
  const edges = rows.slice(0, page.first).map((node) => new Edge(node, positionOf));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
    totalCount,
  };
}
