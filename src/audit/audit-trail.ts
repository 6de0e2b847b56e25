/**
 * What one request has looked at. Resolvers of person-bearing types note
 * each customer as their fields resolve (see server/graphql/read-auditing.ts), a
 * search notes what it asked and whom it matched, a look at a record that is
 * not a customer (an inbox message's body) notes the record; the audit
 * plugin writes it all as looks in one statement, before the response leaves.
 */
import type { AuditPurpose } from '../generated/graphql.js';
import type { Viewer } from '../auth/viewer.js';
import { purposeOf, type AuditLook, type AuditSearchRecord } from './audit-log.js';

export class AuditTrail {
  private readonly customers = new Set<string>();
  private readonly records = new Set<string>();
  private readonly searches: { search: AuditSearchRecord; customerIds: readonly string[] }[] = [];
  private purpose: AuditPurpose | null = null;

  noteRead(customerId: string): void {
    this.customers.add(customerId);
  }

  /** A search, with every customer it matched (none is a fact worth keeping too). */
  noteSearch(search: Omit<AuditSearchRecord, 'matched'>, customerIds: readonly string[]): void {
    this.searches.push({ search: { ...search, matched: customerIds.length }, customerIds });
  }

  /** A record shown that is not a customer, such as `inbox:<id>`. */
  noteRecord(record: string): void {
    this.records.add(record);
  }

  /** Why the request looks, where who is looking does not say it (reading the audit trail, administration). */
  notePurpose(purpose: AuditPurpose): void {
    this.purpose = purpose;
  }

  get isEmpty(): boolean {
    return this.customers.size === 0 && this.records.size === 0 && this.searches.length === 0;
  }

  /** The request's looks: its searches, and one look of everything else it read. */
  looks(request: { at: Date; requestId: string; viewer: Viewer; operation: string }): AuditLook[] {
    const purpose = this.purpose ?? purposeOf(request.viewer);
    const looks: AuditLook[] = this.searches.map(({ search, customerIds }) => ({ ...request, action: 'SEARCH', purpose, customerIds, search }));
    if (this.customers.size > 0 || this.records.size > 0) {
      looks.push({ ...request, action: 'READ', purpose, customerIds: [...this.customers], records: [...this.records] });
    }
    return looks;
  }
}
