import type { Customer, CustomerIdentity } from '../generated/graphql.js';
import type { Connection } from '../store/pagination.js';
import type { DeathReport } from './deaths.js';

/**
 * A customer as the gateway stores it: the schema's Customer without the
 * fields that are resolved from elsewhere, and with the GP practice as a code.
 */
export type CustomerRecord = Omit<
  Customer,
  '__typename' | 'referrals' | 'equipmentOrders' | 'identities' | 'gpPractice' | 'careRecord' | 'careRecords' | 'communityHealth' | 'death'
> & {
  gpPracticeOdsCode: string | null;
  /**
   * The trust whose own messages the demographics came from; null when they
   * are the council's (its records, or confirmed or edited by the hub since).
   * Only that trust's messages change them.
   */
  demographicsTrust: string | null;
  /** Each trust's report of the person's death, in the order recorded: the first is the customer's `death`. */
  deathReports: DeathReport[];
  createdAt: Date;
  updatedAt: Date;
};

export type CustomerConnectionRecord = Connection<CustomerRecord>;

export interface CustomerSearch {
  text?: string | null;
  dateOfBirth?: string | null;
  postcode?: string | null;
}

export type CustomerIdentityRecord = Omit<CustomerIdentity, '__typename'> & { customerId: string };
