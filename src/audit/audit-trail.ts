/**
 * The people whose data one request has read. Resolvers of person-bearing
 * types note each customer as their fields resolve (see
 * server/read-auditing.ts); the audit plugin writes the set once, before the
 * response leaves.
 */
export class AuditTrail {
  private readonly customers = new Set<string>();

  noteRead(customerId: string): void {
    this.customers.add(customerId);
  }

  get customerIdsRead(): string[] {
    return [...this.customers];
  }
}
