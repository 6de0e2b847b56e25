/**
 * The ServiceRequests sent to the community health simulator, kept in
 * memory, and the Task each grows as the service works through it: none for
 * a step (SENT), then `received` (ACKNOWLEDGED), then after another step
 * `accepted`, or `rejected` for a service the simulated provider does not
 * run (OTHER). The gateway's id (the identifier `If-None-Exist` names) is
 * the key: the same id again finds the request already there, as FHIR's
 * conditional create does.
 */
import type { NewServiceRequest } from '../../src/community-health/ports.js';
import { formatIsoInstant } from '../../src/time/instants.js';
import { storedServiceRequestToFhir, type StoredServiceRequest, taskToFhir } from './translate.js';

export const NOT_OFFERED = 'Not a service Northgate Community Health Services provides: refer elsewhere';

interface Entry {
  request: StoredServiceRequest;
  patientId: string;
  createdAt: number;
}

export class ServiceRequestBook {
  private readonly byRequestId = new Map<string, Entry>();
  private readonly byId = new Map<string, Entry>();
  private repeats = 0;

  constructor(
    private readonly stepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates the request, or finds the one with its requestId: `created` says which. */
  create(request: NewServiceRequest, patientId: string): { created: boolean; resource: object } {
    const existing = this.byRequestId.get(request.requestId);
    if (existing !== undefined) {
      this.repeats += 1;
      return { created: false, resource: this.resourceOf(existing) };
    }
    const entry = { request: { ...request, id: `sr-${String(this.byId.size + 1).padStart(6, '0')}` }, patientId, createdAt: this.now() };
    this.byRequestId.set(request.requestId, entry);
    this.byId.set(entry.request.id, entry);
    return { created: true, resource: this.resourceOf(entry) };
  }

  /** The request and its Task as they stand now (the `_revinclude=Task:based-on` search); empty for an unknown id. */
  withTasks(id: string): object[] {
    const entry = this.byId.get(id);
    if (entry === undefined) return [];
    const steps = Math.floor((this.now() - entry.createdAt) / this.stepMs);
    if (steps < 1) return [this.resourceOf(entry)];
    const at = (step: number) => formatIsoInstant(entry.createdAt + step * this.stepMs);
    const offered = entry.request.service !== 'OTHER';
    const task =
      steps === 1 ? taskToFhir(`task-${id}`, id, 'received', at(1), null)
      : offered ? taskToFhir(`task-${id}`, id, 'accepted', at(2), null)
      : taskToFhir(`task-${id}`, id, 'rejected', at(2), NOT_OFFERED);
    return [this.resourceOf(entry), task];
  }

  counts(): { serviceRequestsCreated: number; serviceRequestsRepeated: number } {
    return { serviceRequestsCreated: this.byId.size, serviceRequestsRepeated: this.repeats };
  }

  private resourceOf(entry: Entry): object {
    return storedServiceRequestToFhir(entry.request, entry.patientId);
  }
}
