import { PGlite } from '@electric-sql/pglite';
import { serializeError } from '../src/logger.js';

describe('error serializer', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec('CREATE TABLE people (nhs_number text UNIQUE, born date)');
    await db.query("INSERT INTO people VALUES ('9990000018', '1941-03-07')");
  });
  afterAll(() => db.close());

  async function failure(sql: string, params: unknown[]): Promise<unknown> {
    return db.query(sql, params).then(
      () => {
        throw new Error('expected the query to fail');
      },
      (error: unknown) => error,
    );
  }

  test('a database error keeps its code and message but loses the query and its parameters', async () => {
    const error = await failure('INSERT INTO people VALUES ($1, $2)', ['9990000018', '1950-01-01']);
    const text = JSON.stringify(serializeError(error));
    expect(text).toContain('23505');
    expect(text).toContain('duplicate key value');
    expect(text).not.toContain('9990000018');
    expect(text).not.toContain('1950-01-01');
  });

  test('a data exception, whose message quotes the value, keeps only its SQLSTATE', async () => {
    const error = await failure('SELECT $1::date', ['Margaret Smith 1941']);
    const text = JSON.stringify(serializeError(error));
    expect(text).toContain('22007');
    expect(text).not.toContain('Margaret');
  });

  test('other errors pass through as pino shows them', () => {
    expect(serializeError(new TypeError('boom'))).toMatchObject({ type: 'TypeError', message: 'boom' });
    expect(serializeError('not an error')).toBe('not an error');
  });
});
