import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

interface PreparedStatement {
  name: string;
  paramTypes: number[];
  /** The statement's RowDescription, which a bound execution does not repeat; null when it returns no rows. */
  rowDescription: BackendMessage | null;
}

/**
 * Named prepared statements on PGlite's one connection. PGlite's own
 * `query()` parses, describes and plans every statement afresh, in six
 * calls into the WebAssembly backend; the gateway runs a few hundred
 * statement texts over and over, so each is parsed and described once here
 * and then run as Bind + Execute + Sync in a single call, with PostgreSQL's
 * plan cache deciding when a generic plan will do. The caller holds PGlite's
 * query lock (see pglite-database.ts).
 */
export class PglitePreparedStatements {
  private readonly prepared = new Map<string, PreparedStatement>();

  constructor(private readonly pglite: PGlite) {}

  async query<Row>(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const statement = this.prepared.get(sql) ?? (await this.prepare(sql));
    const values = params.map((param, i) => this.serialize(param, statement.paramTypes[i]!));
    const messages = await this.run(
      protocol.serialize.bind({ statement: statement.name, values }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    );
    const described = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
    const [result] = parse.parseResults(described, this.pglite.parsers) as Results<Row>[];
    return result?.rows ?? [];
  }

  private async prepare(sql: string): Promise<PreparedStatement> {
    const name = `p${this.prepared.size}`;
    const messages = await this.run(
      protocol.serialize.parse({ name, text: sql }),
      protocol.serialize.describe({ type: 'S', name }),
      protocol.serialize.sync(),
    );
    const statement: PreparedStatement = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((message) => message.name === 'rowDescription') ?? null,
    };
    // Only a statement the server accepted is remembered (a failed Parse threw above).
    this.prepared.set(sql, statement);
    return statement;
  }

  /** One call into the backend; a database error is thrown once Sync has brought the connection back to ready. */
  private async run(...parts: Uint8Array[]): Promise<BackendMessage[]> {
    const message = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      message.set(part, offset);
      offset += part.length;
    }
    return this.pglite.execProtocolStream(message, { syncToFs: false });
  }

  /** As PGlite's own query() does: the serializer for the parameter's type, else the value's text. */
  private serialize(param: unknown, type: number): string | null {
    if (param === null || param === undefined) return null;
    const serializer = this.pglite.serializers[type];
    if (serializer) return serializer(param);
    if (typeof param === 'string' || typeof param === 'number' || typeof param === 'bigint' || typeof param === 'boolean') return String(param);
    throw new TypeError(`a ${typeof param} cannot be sent as a parameter of PostgreSQL type ${type}`);
  }
}
