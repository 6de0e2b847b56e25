import { TRACKER_COLUMNS, trackerCells, trackerRowOf, type TrackerColumns } from '../../src/referrals/discharge-tracker.js';

/** A discharged, accepted hospital referral as the tracker query reads it (times in BST: UK is UTC+1). */
const COLUMNS: TrackerColumns = {
  id: '00000000-0000-4000-8000-000000000001',
  customer_id: '00000000-0000-4000-8000-0000000000c1',
  // 23:30 UTC on 9 June is 00:30 on 10 June in the UK: the tracker's day is the UK's.
  received_at: new Date('2026-06-09T23:30:00Z'),
  source: 'HOSPITAL_DISCHARGE',
  referring_trust_ods_code: 'R1A',
  trust_name: 'Northgate University Hospitals NHS Foundation Trust',
  ward: 'Ward 7',
  nhs_number: '9990000018',
  given_name: 'Ada',
  family_name: 'Tester',
  date_of_birth: '1938-02-14',
  postcode: 'LS1 4AP',
  pathway: 'PATHWAY_1',
  priority: 'HIGH',
  status: 'ACCEPTED',
  expected_discharge_on: '2026-06-12',
  discharge_ready_on: '2026-06-12',
  // 23:10 UTC on 14 June is 00:10 on 15 June in the UK: three days after ready.
  discharged_at: new Date('2026-06-14T23:10:00Z'),
  triaged_by: 'Casey Coordinator',
  triaged_at: '2026-06-10T08:05:00.000Z',
  decision: 'ACCEPTED',
  decided_at: new Date('2026-06-10T13:45:00Z'),
  ended_at: null,
  assigned_team: 'REABLEMENT-NORTH',
  assigned_worker: 'worker-4',
  equipment_orders: 2,
  equipment_statuses: 'DELIVERED, SCHEDULED',
  onward_referrals: 1,
  onward_statuses: 'CARERS_SUPPORT SENT',
};

describe('discharge tracker rows', () => {
  it('puts every column in UK days and times, with the delay from the ready date and the days open to today', () => {
    const row = trackerRowOf(COLUMNS, '2026-06-20');
    expect(row).toMatchObject({
      receivedOn: '2026-06-10',
      name: 'Ada Tester',
      dischargedOn: '2026-06-15',
      delayDays: 3,
      triagedAt: '2026-06-10 09:05',
      decidedAt: '2026-06-10 14:45',
      daysOpen: 10,
    });
    const cells = Object.fromEntries(TRACKER_COLUMNS.map((column, i) => [column.header, trackerCells(row)[i]]));
    expect(cells).toEqual({
      'Date received': '2026-06-10',
      Source: 'HOSPITAL_DISCHARGE',
      Trust: 'Northgate University Hospitals NHS Foundation Trust (R1A)',
      Ward: 'Ward 7',
      'NHS number': '9990000018',
      Name: 'Ada Tester',
      'Date of birth': '1938-02-14',
      Postcode: 'LS1 4AP',
      Pathway: 'PATHWAY_1',
      Priority: 'HIGH',
      Status: 'ACCEPTED',
      'Expected discharge': '2026-06-12',
      'Discharge ready date': '2026-06-12',
      Discharged: '2026-06-15',
      'Delay days': 3,
      'Triaged by': 'Casey Coordinator',
      'Triaged at': '2026-06-10 09:05',
      Decision: 'ACCEPTED',
      'Decided at': '2026-06-10 14:45',
      Team: 'REABLEMENT-NORTH',
      Worker: 'worker-4',
      'Equipment orders': 2,
      'Equipment statuses': 'DELIVERED, SCHEDULED',
      'Onward referrals': 1,
      'Onward referral kinds and statuses': 'CARERS_SUPPORT SENT',
      'Days open': 10,
    });
  });

  it('counts a discharge on the ready date as no delay, and none at all without both dates', () => {
    expect(trackerRowOf({ ...COLUMNS, discharged_at: new Date('2026-06-12T10:00:00Z') }, '2026-06-20').delayDays).toBe(0);
    expect(trackerRowOf({ ...COLUMNS, discharge_ready_on: null }, '2026-06-20').delayDays).toBeNull();
    // Before the ready date: no delay, as the figures count it.
    expect(trackerRowOf({ ...COLUMNS, discharged_at: new Date('2026-06-10T10:00:00Z') }, '2026-06-20').delayDays).toBe(0);
    expect(trackerRowOf({ ...COLUMNS, discharged_at: null }, '2026-06-20')).toMatchObject({ dischargedOn: null, delayDays: null });
  });

  it('stops counting days open when the referral ended, and shows a referral from outside a hospital with no trust', () => {
    const closed = trackerRowOf({ ...COLUMNS, status: 'CLOSED', ended_at: new Date('2026-06-30T12:00:00Z') }, '2026-08-01');
    expect(closed.daysOpen).toBe(20);
    const fromGp = trackerRowOf({ ...COLUMNS, source: 'GP', referring_trust_ods_code: null, trust_name: null, given_name: null }, '2026-06-20');
    const cells = trackerCells(fromGp);
    expect(cells[TRACKER_COLUMNS.findIndex((column) => column.header === 'Trust')]).toBeNull();
    expect(fromGp.name).toBe('Tester');
  });
});
