/**
 * Unified case view figures for `npm run bench` (BENCH_ONLY=cases), printed,
 * never asserted: the hub board's open referrals (about 1,500) with each
 * customer, their case from the social care record systems (Customer.careRecord)
 * and their newest equipment orders, against the LAS and CareFirst simulators
 * answering after 20 ms; then the same board with community health as a
 * third system (Customer.communityHealth, its simulator answering after 20 ms
 * too), as
 *
 * 1. the gateway: one GraphQL query over HTTP;
 * 2. a direct baseline: a plain function producing the same data without
 *    GraphQL, from the same repositories and fresh clients of the same
 *    adapters (createLasClient / createCareFirstClient, and
 *    createCommunityHealthClient for the third) pointed at the same
 *    simulators, each system asked once for all its ids (the adapter splits
 *    them at the system's page limit and sends the parts in parallel).
 *
 * The two sides run in turns (loadInTurns), first one query at a time, then
 * with several clients at once. The gateway's p50 over the baseline's is its own overhead (GraphQL
 * execution, DataLoader batching, the guards, HTTP and JSON), read against
 * the 1.5x target. Calls per system per query come from the simulators' own
 * counters, next to the fewest the page limits allow for the board's ids:
 * more than that would mean the gateway's batching is splitting.
 *
 * Clients, gateway and simulators share this process, as for the other read
 * scenarios; the baseline's clients do too, so both sides pay the same.
 */
import { createRecordSystemClient } from '../../adapters/care-records/care-records.js';
import { COMMUNITY_HEALTH_PAGE_LIMIT, createCommunityHealthClient } from '../../adapters/community-health/client.js';
import type { Simulators } from '../../adapters/connect-adapters.js';
import type { CareRecord, CareRecordSystem, RecordSystemCode } from '../../src/care-records/ports.js';
import type { CommunityHealthRecord, CommunityHealthSystem } from '../../src/community-health/ports.js';
import type { CareRecordsConfig } from '../../src/config.js';
import type { ReferralStatus } from '../../src/generated/graphql.js';
import { createRepositories, type Repositories } from '../../src/server/request/repositories.js';
import type { RunningGateway } from '../../src/server/gateway.js';

export interface CaseViewBenchOptions {
  /** A hub staff token (HUB_COORDINATOR or VIEWER): careRecord and equipmentOrders are theirs to read. */
  token: string;
  seconds: number;
  /** Concurrent clients per side for the second run (the first has one); each query is large, so a few. */
  clients: number;
  /** The record systems' key (CARE_RECORDS_API_KEY, and COMMUNITY_HEALTH_API_KEY too), for the baseline's own clients. */
  apiKey: string;
  /** The gateway's: the baseline's clients are made as its are, and the simulators' latency is put back afterwards. */
  careRecords: CareRecordsConfig;
}

/** The record systems' latency for this scenario. */
const LATENCY_MS = 20;
/** Gateway p50 over baseline p50 the issue asks for. */
const TARGET_RATIO = 1.5;
const OPEN_STATUSES: ReferralStatus[] = ['RECEIVED', 'TRIAGED', 'ACCEPTED'];
const PAGE_SIZE = 2_000;
const ORDERS_PER_CUSTOMER = 5;

/**
 * What a board row shows of community health: the fewest fields that still
 * read every part (the Patient, the episodes, their teams and leads), as a
 * board of 2,000 with more would be over the default QUERY_MAX_COST.
 */
const COMMUNITY_HEALTH = 'communityHealth { source { patientId } involvements { service teamName leadProfessional { name } } }';

/** Customer.equipmentOrders has no status filter, so the newest 5 (as the read scenario asks); community health with the third system. */
const queryOf = (withCommunityHealth: boolean) => `{ referrals(filter: { statuses: [${OPEN_STATUSES.join(', ')}] }, first: ${PAGE_SIZE}) { edges { node {
  id status pathway
  customer {
    id name { family }
    careRecord { source { system localId } caseStatus allocatedWorker { name } alerts { category severity } }
    ${withCommunityHealth ? COMMUNITY_HEALTH : ''}
    equipmentOrders(first: ${ORDERS_PER_CUSTOMER}) { edges { node { status } } }
  }
} } } }`;

/** Community health's part of a row, as both sides end up with it. */
interface CommunityHealthRow {
  source: { patientId: string };
  involvements: { service: string; teamName: string | null; leadProfessional: { name: string } | null }[];
}

/** One row of the board, as both sides end up with it. */
interface BoardRow {
  id: string;
  status: string;
  pathway: string | null;
  customer: {
    id: string;
    name: { family: string };
    careRecord: {
      source: { system: string; localId: string };
      caseStatus: string;
      allocatedWorker: { name: string } | null;
      alerts: { category: string; severity: string }[];
    } | null;
    communityHealth?: CommunityHealthRow | null;
    equipmentOrders: { edges: { node: { status: string } }[] };
  };
}

const SEVERITY_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

/**
 * The baseline: the same board with no GraphQL in the way. The referrals
 * first, then at once the customers, their newest orders, and their
 * identities followed by one fetchRecords per system; the case shown is the
 * first linked system's (in CARE_RECORDS order) that has the person, as
 * Customer.careRecord chooses. With community health, once the customers
 * are read, one recordsOf for all their NHS numbers.
 */
async function directBoard(
  repositories: Repositories,
  systems: readonly CareRecordSystem[],
  communityHealth: CommunityHealthSystem | null,
): Promise<{ rows: BoardRow[]; idsPerSystem: Map<RecordSystemCode, number> }> {
  const referrals = (await repositories.referrals.list({ statuses: OPEN_STATUSES }, { first: PAGE_SIZE, after: null })).edges.map((edge) => edge.node);
  const customerIds = [...new Set(referrals.map((referral) => referral.customerId))];
  const idsPerSystem = new Map<RecordSystemCode, number>();
  const casesOf = async (): Promise<Map<string, CareRecord>> => {
    const identities = await repositories.customers.identitiesOf(customerIds);
    const linked = systems.map((system) => ({ system, identities: identities.filter((identity) => identity.system === system.system) }));
    const answers = await Promise.all(
      linked.map(async ({ system, identities: ofSystem }) => {
        const ids = [...new Set(ofSystem.map((identity) => identity.localId))];
        idsPerSystem.set(system.system, ids.length);
        return ids.length === 0 ? new Map<string, CareRecord>() : system.fetchRecords(ids);
      }),
    );
    const cases = new Map<string, CareRecord>();
    linked.forEach(({ identities: ofSystem }, index) => {
      for (const identity of ofSystem) {
        const record = answers[index]!.get(identity.localId);
        if (record && !cases.has(identity.customerId)) cases.set(identity.customerId, record);
      }
    });
    return cases;
  };
  const customersRead = repositories.customers.findByIds(customerIds);
  const involvementsOf = async (): Promise<Map<string, CommunityHealthRecord> | null> => {
    if (communityHealth === null) return null;
    const numbers = (await customersRead).flatMap((customer) => (customer.nhsNumber === null ? [] : [customer.nhsNumber]));
    return communityHealth.recordsOf([...new Set(numbers)]);
  };
  const [customers, orders, cases, involvements] = await Promise.all([
    customersRead,
    repositories.equipmentOrders.newestPerCustomer(customerIds, ORDERS_PER_CUSTOMER),
    casesOf(),
    involvementsOf(),
  ]);
  const customersById = new Map(customers.map((customer) => [customer.id, customer]));
  const rows = referrals.map((referral): BoardRow => {
    const customer = customersById.get(referral.customerId);
    if (!customer) throw new Error(`referral ${referral.id}: customer ${referral.customerId} not found`);
    const record = cases.get(customer.id);
    return {
      id: referral.id,
      status: referral.status,
      pathway: referral.pathway,
      customer: {
        id: customer.id,
        name: { family: customer.name.family },
        careRecord: record
          ? {
              source: { system: record.system, localId: record.localId },
              caseStatus: record.caseStatus,
              allocatedWorker: record.allocatedWorker ? { name: record.allocatedWorker.name } : null,
              alerts: [...record.alerts]
                .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
                .map((alert) => ({ category: alert.category, severity: alert.severity })),
            }
          : null,
        ...(involvements === null ? {} : { communityHealth: communityHealthRow(customer.nhsNumber === null ? undefined : involvements.get(customer.nhsNumber)) }),
        equipmentOrders: { edges: (orders.get(customer.id) ?? []).map((order) => ({ node: { status: order.status } })) },
      },
    };
  });
  return { rows, idsPerSystem };
}

function communityHealthRow(record: CommunityHealthRecord | undefined): CommunityHealthRow | null {
  if (record === undefined) return null;
  return {
    source: { patientId: record.patientId },
    involvements: record.involvements.map((involvement) => ({
      service: involvement.service,
      teamName: involvement.teamName,
      leadProfessional: involvement.leadProfessional && { name: involvement.leadProfessional.name },
    })),
  };
}

interface Load {
  queries: number;
  errors: number;
  firstError: string | null;
  latencies: number[];
  elapsedMs: number;
  /** Simulator calls during the load, per system (community health's searches of all three kinds). */
  calls: { las: number; carefirst: number; communityHealth: number };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

export async function runCaseViewBenchmarks(gateway: RunningGateway, simulators: Simulators, options: CaseViewBenchOptions): Promise<void> {
  const { las, carefirst } = simulators.careRecords;
  const chSimulator = simulators.communityHealth;
  if (!las || !carefirst || !chSimulator) {
    console.log('\nCase view: skipped, the gateway reads real record systems (CARE_RECORDS, COMMUNITY_HEALTH_URL), not the simulators');
    return;
  }
  const callCounts = () => {
    const ch = chSimulator.stats().requests;
    return { las: las.stats().requests.fetchPeople, carefirst: carefirst.stats().requests.getClientSummaries, communityHealth: ch.searchPatients + ch.searchEpisodes + ch.searchCareTeams };
  };

  /** One board over GraphQL; throws (counted as an error) on anything but a 200 without `errors`. */
  const viaGateway = async (withCommunityHealth: boolean): Promise<BoardRow[]> => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ query: queryOf(withCommunityHealth) }),
    });
    const body = (await response.json()) as { data?: any; errors?: { message: string; path?: unknown[]; extensions?: { code?: string; system?: string } }[] };
    if (response.status !== 200 || body.errors?.length) {
      const first = body.errors?.[0];
      const where = first?.path ? ` at ${first.path.join('.')}` : '';
      const code = first?.extensions?.code ? ` (${first.extensions.code}${first.extensions.system ? `, ${first.extensions.system}` : ''})` : '';
      throw new Error(`HTTP ${response.status}, ${body.errors?.length ?? 0} errors; first${where}${code}: ${first?.message ?? 'none'}`);
    }
    return body.data.referrals.edges.map((edge: { node: BoardRow }) => edge.node);
  };

  // The baseline's own clients of the same adapters, made as connectCareRecords makes them, in its order (LAS, then CareFirst).
  const systems = [
    createRecordSystemClient('LAS', las.url, options.apiKey, options.careRecords),
    createRecordSystemClient('CAREFIRST', carefirst.url, options.apiKey, options.careRecords),
  ];
  const communityHealth = createCommunityHealthClient({
    baseUrl: chSimulator.fhirBase,
    apiKey: options.apiKey,
    timeoutMs: options.careRecords.timeoutMs,
    maxConnections: options.careRecords.maxConnections,
  });
  const repositories = createRepositories(gateway.db);
  const direct = async (withCommunityHealth: boolean) => (await directBoard(repositories, systems, withCommunityHealth ? communityHealth : null)).rows;

  const emptyLoad = (): Load => ({ queries: 0, errors: 0, firstError: null, latencies: [], elapsedMs: 0, calls: { las: 0, carefirst: 0, communityHealth: 0 } });

  /** `clients` queries of one side at once, added to that side's figures. */
  async function burst(query: () => Promise<unknown>, clients: number, into: Load): Promise<void> {
    const before = callCounts();
    const started = performance.now();
    const client = async () => {
      const sent = performance.now();
      try {
        await query();
      } catch (error) {
        into.errors += 1;
        into.firstError ??= error instanceof Error ? error.message : String(error);
      }
      into.queries += 1;
      into.latencies.push(performance.now() - sent);
    };
    await Promise.all(Array.from({ length: clients }, client));
    into.elapsedMs += performance.now() - started;
    const after = callCounts();
    into.calls.las += after.las - before.las;
    into.calls.carefirst += after.carefirst - before.carefirst;
    into.calls.communityHealth += after.communityHealth - before.communityHealth;
  }

  /**
   * Both sides in turns, a burst of `clients` concurrent queries of one and
   * then of the other, until each has run for `options.seconds`: whatever
   * else the machine is doing, and the state the heap is in, falls on both
   * alike, where one side's whole run and then the other's would each meet
   * their own.
   */
  async function loadInTurns(clients: number, withCommunityHealth: boolean): Promise<{ gateway: Load; baseline: Load }> {
    const gateway = emptyLoad();
    const baseline = emptyLoad();
    while (gateway.elapsedMs < options.seconds * 1_000 || baseline.elapsedMs < options.seconds * 1_000) {
      await burst(() => viaGateway(withCommunityHealth), clients, gateway);
      await burst(() => direct(withCommunityHealth), clients, baseline);
    }
    return { gateway, baseline };
  }

  for (const simulator of [las, carefirst, chSimulator]) simulator.setFaults({ latencyMs: LATENCY_MS });
  try {
    // One of each first: warms both paths, checks they agree, and gives the board's size and the page-limit floor.
    const before = callCounts();
    const { rows: directRows, idsPerSystem } = await directBoard(repositories, systems, communityHealth);
    const afterDirect = callCounts();
    let gatewayRows: BoardRow[] | null = null;
    let gatewayProblem: string | null = null;
    try {
      gatewayRows = await viaGateway(true);
    } catch (error) {
      gatewayProblem = error instanceof Error ? error.message : String(error);
    }
    const afterGateway = callCounts();
    const nhsNumbers = new Set(directRows.flatMap((row) => (row.customer.communityHealth ? [row.customer.communityHealth.source.patientId] : []))).size;
    const involved = directRows.filter((row) => (row.customer.communityHealth?.involvements.length ?? 0) > 0).length;

    const customers = new Set(directRows.map((row) => row.customer.id)).size;
    const withCase = directRows.filter((row) => row.customer.careRecord !== null).length;
    const lasIds = idsPerSystem.get('LAS') ?? 0;
    const carefirstIds = idsPerSystem.get('CAREFIRST') ?? 0;
    const floor = { las: Math.ceil(lasIds / systems[0]!.pageLimit), carefirst: Math.ceil(carefirstIds / systems[1]!.pageLimit) };
    console.log(
      `\nCase view: ${gateway.db.kind} store, hub board of ${directRows.length} open referrals (${customers} customers, ${withCase} rows with a care record, ` +
        `${lasIds} LAS and ${carefirstIds} CareFirst ids linked, ${nhsNumbers} people known to community health, ${involved} rows with an involvement), ` +
        `customer + careRecord + newest ${ORDERS_PER_CUSTOMER} equipment orders, then + communityHealth; ` +
        `every system answering after ${LATENCY_MS} ms; sides in turns, ${options.seconds} s each, with 1 and with ${options.clients} clients at once`,
    );
    console.log(
      `  page-limit floor per query: LAS ${floor.las} (${lasIds} / ${systems[0]!.pageLimit}), CareFirst ${floor.carefirst} (${carefirstIds} / ${systems[1]!.pageLimit}); ` +
        `community health ${3 * Math.ceil(nhsNumbers / COMMUNITY_HEALTH_PAGE_LIMIT)} (3 searches per ${COMMUNITY_HEALTH_PAGE_LIMIT} people); ` +
        `first queries made LAS ${afterDirect.las - before.las} + CareFirst ${afterDirect.carefirst - before.carefirst} + community health ${afterDirect.communityHealth - before.communityHealth} calls (baseline), ` +
        `LAS ${afterGateway.las - afterDirect.las} + CareFirst ${afterGateway.carefirst - afterDirect.carefirst} + community health ${afterGateway.communityHealth - afterDirect.communityHealth} (gateway)`,
    );
    console.log(`  same data from both: ${gatewayRows === null ? `not compared, the gateway's first query failed: ${gatewayProblem}` : compare(gatewayRows, directRows)}`);

    console.log(['systems', 'clients', 'side', 'queries', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'LAS calls/query', 'CareFirst calls/query', 'community health calls/query'].join('\t'));
    const p50 = (result: Load) => percentile([...result.latencies].sort((a, b) => a - b), 50);
    const ratios: string[] = [];
    // One client is the overhead a coordinator waits for; more show it under load. Two systems first, the figures before community health.
    const runs = [false, true].flatMap((withCommunityHealth) => [...new Set([1, options.clients])].map((clients) => ({ withCommunityHealth, clients })));
    for (const { withCommunityHealth, clients } of runs) {
      const systemsLabel = withCommunityHealth ? 3 : 2;
      const { gateway, baseline } = await loadInTurns(clients, withCommunityHealth);
      for (const [side, result] of [['gateway (GraphQL over HTTP)', gateway], ['direct baseline (adapters, no GraphQL)', baseline]] as const) {
        const sorted = [...result.latencies].sort((a, b) => a - b);
        const perQuery = (calls: number) => (result.queries === 0 ? '-' : (calls / result.queries).toFixed(2));
        console.log(
          [
            systemsLabel,
            clients,
            side,
            result.queries,
            (result.queries / (result.elapsedMs / 1_000)).toFixed(2),
            fmt(percentile(sorted, 50)),
            fmt(percentile(sorted, 99)),
            result.errors,
            perQuery(result.calls.las),
            perQuery(result.calls.carefirst),
            perQuery(result.calls.communityHealth),
          ].join('\t'),
        );
        if (result.firstError) console.log(`  first error: ${result.firstError}`);
      }
      const ratio = p50(gateway) / p50(baseline);
      ratios.push(
        `${systemsLabel} systems, ${clients} client${clients === 1 ? '' : 's'} ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '-'} ` +
          `(${Number.isFinite(ratio) && ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`,
      );
    }
    console.log(`gateway p50 / baseline p50, target at most ${TARGET_RATIO}x: ${ratios.join('; ')}`);
  } finally {
    for (const simulator of [las, carefirst, chSimulator]) simulator.setFaults({ latencyMs: options.careRecords.simulatorLatencyMs });
  }
}

/** Whether the gateway's board is the baseline's, row for row; the first difference if not. */
function compare(gatewayRows: readonly BoardRow[], directRows: readonly BoardRow[]): string {
  if (gatewayRows.length !== directRows.length) return `NO: ${gatewayRows.length} rows from the gateway, ${directRows.length} from the baseline`;
  for (let index = 0; index < directRows.length; index += 1) {
    const fromGateway = JSON.stringify(gatewayRows[index]);
    const fromBaseline = JSON.stringify(directRows[index]);
    if (fromGateway !== fromBaseline) return `NO: row ${index} differs\n    gateway:  ${fromGateway}\n    baseline: ${fromBaseline}`;
  }
  return `yes (${directRows.length} rows identical)`;
}
