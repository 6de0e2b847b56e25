/**
 * The supplier simulator's faults: those of any outside system
 * (adapters/simulator-kit/request-faults.ts), and the supplier's own ways
 * with callbacks: twice, or out of order.
 */
import { FaultInjector, NO_REQUEST_FAULTS, parseFaults as parseFaultsOf, REQUEST_FAULT_KINDS, type RequestFaults } from '../simulator-kit/request-faults.js';

export interface SimulatorFaults extends RequestFaults {
  /** Send each callback twice. */
  duplicateCallbacks: boolean;
  /** Hold an order's callbacks until it settles, then send them newest first. */
  reorderCallbacks: boolean;
}

export type SupplierFaultInjector = FaultInjector<SimulatorFaults>;

export function supplierFaultInjector(): SupplierFaultInjector {
  return new FaultInjector<SimulatorFaults>({ ...NO_REQUEST_FAULTS, duplicateCallbacks: false, reorderCallbacks: false });
}

export function parseFaults(json: unknown): Partial<SimulatorFaults> {
  return parseFaultsOf<SimulatorFaults>(json, { ...REQUEST_FAULT_KINDS, duplicateCallbacks: 'flag', reorderCallbacks: 'flag' });
}
