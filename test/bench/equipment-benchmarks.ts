/**
 * Equipment ordering figures for `npm run bench`, printed, never asserted:
 *
 * 1. placement end to end: concurrent coordinators each placing orders one
 *    after another over GraphQL, then the time until the outbox dispatcher
 *    has sent every one to the supplier simulator;
 * 2. drain after an outage: orders placed while the supplier is down, then
 *    the time the dispatcher takes to send the backlog once it is back.
 *
 * Both check the simulator's own count: each order accepted exactly once.
 * The clients run in this process, as autocannon does for the read paths,
 * so they share its CPU with the gateway and its dispatcher.
 */
import type { LogFn, Logger } from 'pino';
import type { SupplierSimulator } from '../../adapters/equipment-supplier/simulator.js';
import type { RunningGateway } from '../../src/server/gateway.js';

export interface EquipmentBenchOptions {
  /** A HUB_COORDINATOR token: a standard item under the coordinator's limit goes straight to SUBMITTED. */
  token: string;
  seconds: number;
  connections: number;
  /** Orders placed while the supplier is down. */
  outageOrders: number;
  /** The dispatcher settings the gateway was started with, for the header. */
  settings: string;
  /** OUTBOX_MAX_ATTEMPTS: a call failed this often is given up (DEAD). */
  maxAttempts: number;
}

const PLACE = `mutation Place($input: PlaceEquipmentOrderInput!, $key: String!) {
  placeEquipmentOrder(input: $input, idempotencyKey: $key) { id status } }`;

/** The dispatcher's warning for each failed call: hundreds of them while the supplier is held down. */
const RETRY_WARNINGS = new Set(['outbox call failed; will retry']);
const retryWarnings = { muted: false, count: 0 };

/** A pino `logMethod` hook for the gateway's logger: while the outage scenario runs, retry warnings are counted, not printed. */
export function countRetryWarnings(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  if (retryWarnings.muted && args.some((arg) => typeof arg === 'string' && RETRY_WARNINGS.has(arg))) {
    retryWarnings.count += 1;
    return;
  }
  method.apply(this, args);
}

/** Longest wait for the outbox to empty before the figure is printed as not reached. */
const SETTLE_TIMEOUT_MS = 180_000;

interface Placement {
  placed: number;
  errors: number;
  firstError: string | null;
  latencies: number[];
  elapsedMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

/** Polls `count` until it is 0; the milliseconds that took, or null at the timeout. */
async function untilZero(count: () => Promise<number>, timeoutMs = SETTLE_TIMEOUT_MS): Promise<number | null> {
  const started = performance.now();
  while ((await count()) > 0) {
    if (performance.now() - started > timeoutMs) return null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return performance.now() - started;
}

export async function runEquipmentBenchmarks(gateway: RunningGateway, simulator: SupplierSimulator, options: EquipmentBenchOptions): Promise<void> {
  const graphql = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string }[] } };
  };
  const count = async (sql: string, params: unknown[] = []) => (await gateway.db.query<{ n: number }>(sql, params))[0]!.n;

  // Seeded customers with an address in the simulator's area: orders spread over them as they would over a hub's caseload.
  const found = await graphql('{ referrals(first: 100) { edges { node { customer { id address { postcode } } } } } }');
  const customerIds = [
    ...new Set<string>(found.body.data.referrals.edges.filter((edge: any) => edge.node.customer.address?.postcode).map((edge: any) => edge.node.customer.id)),
  ];
  if (customerIds.length === 0) throw new Error('no seeded customer with a postcode to order for');

  // A per-run prefix keeps this run's orders apart from any earlier run in the same store.
  const run = `bench-eq-${process.pid}-${Date.now().toString(36)}`;
  let sequence = 0;

  /** `connections` clients, each placing one order after another while `more()` says so. */
  async function place(tag: string, more: (started: number) => boolean): Promise<Placement> {
    const result: Placement = { placed: 0, errors: 0, firstError: null, latencies: [], elapsedMs: 0 };
    const started = performance.now();
    const client = async () => {
      while (more(started)) {
        const n = sequence++;
        const input = { customerId: customerIds[n % customerIds.length], deliverySpeed: 'NEXT_DAY', lines: [{ itemCode: 'WF-001', quantity: 1 }] };
        const sent = performance.now();
        try {
          const { status, body } = await graphql(PLACE, { input, key: `${run}-${tag}-${n}` });
          const order = body.data?.placeEquipmentOrder;
          if (status === 200 && !body.errors && order?.status === 'SUBMITTED') {
            result.placed += 1;
            result.latencies.push(performance.now() - sent);
          } else {
            result.errors += 1;
            result.firstError ??= `HTTP ${status}: ${body.errors?.[0]?.message ?? `order ${order?.status ?? 'missing'}`}`;
          }
        } catch (error) {
          result.errors += 1;
          result.firstError ??= String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: options.connections }, client));
    result.elapsedMs = performance.now() - started;
    return result;
  }

  const unsent = (tag: string) =>
    count("SELECT count(*)::int AS n FROM equipment_orders WHERE supplier_reference IS NULL AND status = 'SUBMITTED' AND idempotency_key LIKE $1", [`${run}-${tag}-%`]);
  const pendingCalls = () => count("SELECT count(*)::int AS n FROM outbox WHERE status = 'PENDING'");
  const deadCalls = () => count("SELECT count(*)::int AS n FROM outbox WHERE status = 'DEAD'");
  const supplierCheck = (before: ReturnType<SupplierSimulator['stats']>, placed: number) => {
    const after = simulator.stats();
    const accepted = after.ordersAccepted - before.ordersAccepted;
    const duplicates = after.duplicateSubmissions - before.duplicateSubmissions;
    const calls = after.requests.submitOrder - before.requests.submitOrder;
    const verdict = accepted === placed && duplicates === 0 ? 'each once' : 'MISMATCH';
    return { accepted, duplicates, calls, text: `${accepted} accepted of ${placed} placed, ${duplicates} duplicate submissions: ${verdict}` };
  };

  console.log(
    `\nEquipment ordering: ${gateway.db.kind} store, ${options.connections} clients, placeEquipmentOrder (1 x WF-001, NEXT_DAY) as HUB_COORDINATOR ` +
      `over ${customerIds.length} seeded customers; gateway started with ${options.settings}\n`,
  );

  // 1. Placement end to end.
  const deadBefore = await deadCalls();
  const before = simulator.stats();
  const load = await place('p', (started) => performance.now() - started < options.seconds * 1_000);
  const toSupplier = await untilZero(() => unsent('p'));
  const sorted = [...load.latencies].sort((a, b) => a - b);
  const check = supplierCheck(before, load.placed);
  console.log(['scenario', 'placed', 'placed/s', 'p50 ms', 'p99 ms', 'errors', 'all at supplier after', 'supplier'].join('\t'));
  console.log(
    [
      `placement, ${options.seconds} s`,
      load.placed,
      (load.placed / (load.elapsedMs / 1_000)).toFixed(1),
      fmt(percentile(sorted, 50)),
      fmt(percentile(sorted, 99)),
      load.errors,
      toSupplier === null ? `NOT within ${SETTLE_TIMEOUT_MS / 1_000} s (${await unsent('p')} unsent)` : `${toSupplier.toFixed(0)} ms after the last`,
      `${check.calls} submissions received, ${check.text}`,
    ].join('\t'),
  );
  if (load.firstError) console.log(`  first error: ${load.firstError}`);

  // 2. Drain after an outage: the supplier drops every connection while the orders are placed.
  simulator.setFaults({ down: true });
  retryWarnings.muted = true;
  const outageStarted = performance.now();
  const beforeOutage = simulator.stats();
  let ordered = 0;
  const backlog = await place('d', () => ordered++ < options.outageOrders);
  // The outage lasts until the dispatcher has taken up every call once (tried it, or had the open breaker turn it away), so none is sent first time on recovery.
  await untilZero(() => count("SELECT count(*)::int AS n FROM outbox WHERE status = 'PENDING' AND last_error IS NULL"));
  const [tried] = await gateway.db.query<{ max: number | null }>("SELECT max(attempts)::int AS max FROM outbox WHERE status = 'PENDING'");
  const failedCalls = simulator.stats().requests.submitOrder - beforeOutage.requests.submitOrder;
  const outageMs = performance.now() - outageStarted;
  simulator.setFaults({ down: false });
  const drainMs = await untilZero(async () => (await pendingCalls()) + (await unsent('d')));
  retryWarnings.muted = false;
  const drained = supplierCheck(beforeOutage, backlog.placed);
  console.log(
    `drain after an outage: ${backlog.placed} orders placed in ${(backlog.elapsedMs / 1_000).toFixed(1)} s while the supplier was down ` +
      `(${backlog.errors} errors), outage ${(outageMs / 1_000).toFixed(1)} s, ${failedCalls} submissions refused meanwhile, ` +
      `at most ${tried?.max ?? 0} attempts per call by recovery (maximum ${options.maxAttempts})`,
  );
  if (backlog.firstError) console.log(`  first error: ${backlog.firstError}`);
  console.log(
    drainMs === null
      ? `  NOT drained within ${SETTLE_TIMEOUT_MS / 1_000} s: ${await pendingCalls()} calls PENDING, ${await unsent('d')} orders without a supplier reference`
      : `  drained in ${drainMs.toFixed(0)} ms (${(backlog.placed / (drainMs / 1_000)).toFixed(1)} orders/s), ` +
          `${drained.calls - failedCalls} submissions received after recovery (${drained.calls} in all)`,
  );
  console.log(`  supplier: ${drained.text}; outbox calls gone DEAD during these scenarios: ${(await deadCalls()) - deadBefore}`);
  console.log(`  (${retryWarnings.count} dispatcher retry warnings during the outage and drain, counted rather than printed)`);
}
