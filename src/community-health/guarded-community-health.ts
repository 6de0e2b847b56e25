/**
 * Community health behind the same timeout and circuit breaker as the record
 * systems (CARE_RECORDS_TIMEOUT_MS and the breaker settings): it is read in
 * the same case view, so it may cost that view no more than they do.
 */
import { guardCalls, type GuardOptions } from '../care-records/guarded-record-system.js';
import type { OutsideCallMetrics } from '../metrics/outside-call-metrics.js';
import { CommunityHealthRefusalError, CommunityHealthUnavailableError, type CommunityHealthSystem } from './ports.js';

export function guardCommunityHealth(system: CommunityHealthSystem, options: GuardOptions, metrics: OutsideCallMetrics): CommunityHealthSystem {
  const guarded = guardCalls(
    {
      name: 'COMMUNITY_HEALTH',
      unavailable: (operation, message) => new CommunityHealthUnavailableError(operation, message),
      isRefusal: (error) => error instanceof CommunityHealthRefusalError,
    },
    options,
    metrics,
  );
  return {
    recordsOf: (nhsNumbers, signal) => guarded('recordsOf', (s) => system.recordsOf(nhsNumbers, s), signal),
    createServiceRequest: (request, signal) => guarded('createServiceRequest', (s) => system.createServiceRequest(request, s), signal),
    serviceRequestStatus: (reference, signal) => guarded('serviceRequestStatus', (s) => system.serviceRequestStatus(reference, s), signal),
  };
}
