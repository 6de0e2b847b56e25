import type { Organisation } from '../generated/graphql.js';
import { bulkInsert } from '../store/bulk-insert.js';
import type { SqlExecutor } from '../store/database.js';

export type OrganisationKind = 'TRUST' | 'GP_PRACTICE';

/** Names for the ODS codes the gateway meets: acute trusts and GP practices. */
export class OrganisationRepository {
  constructor(private readonly db: SqlExecutor) {}

  async findByOdsCodes(odsCodes: readonly string[]): Promise<Organisation[]> {
    return this.db.query<Organisation>(
      'SELECT ods_code AS "odsCode", name FROM organisations WHERE ods_code = ANY($1::text[])',
      [odsCodes],
    );
  }

  async insertMany(organisations: readonly (Organisation & { kind: OrganisationKind })[]): Promise<void> {
    await bulkInsert(
      this.db,
      'organisations',
      organisations.map(({ odsCode, name, kind }) => ({ ods_code: odsCode, name, kind })),
    );
  }
}
