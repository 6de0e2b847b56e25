/**
 * Word lists for the synthetic hub. Every person is invented. Places are a
 * fictional town (Northgate) with postcodes in the NX area, which is
 * well-formed but not a real postcode area. Phone numbers come from the
 * ranges Ofcom keeps for drama (01632 960xxx, 07700 900xxx), which are never
 * given to anyone. Trust and practice names are invented; their ODS codes are
 * well-formed and used only here.
 */

export const TRUSTS = [
  { odsCode: 'R1A', name: 'Northgate University Hospitals NHS Foundation Trust' },
  { odsCode: 'R1B', name: 'Castleton and Holmfield Hospitals NHS Trust' },
  { odsCode: 'R1C', name: "St Aidan's Hospital NHS Trust" },
  { odsCode: 'R1D', name: 'Saltwell Valley Acute NHS Trust' },
] as const;

export const GP_PRACTICES = [
  'Meadowbank Surgery', 'Mill Lane Medical Centre', 'Northgate Health Centre', 'Brackley Green Practice',
  'Holmfield Family Doctors', 'Castleton Moor Surgery', 'Saltwell Medical Practice', 'Priory Road Surgery',
  'Canal Side Health Centre', 'Weavers Court Medical Group', 'The Orchard Surgery', 'Station Road Practice',
].map((name, index) => ({ odsCode: `Y9${String(index + 1).padStart(4, '0')}`, name }));

export const FEMALE_NAMES = [
  'Margaret', 'Patricia', 'Susan', 'Christine', 'Barbara', 'Jean', 'Linda', 'Elizabeth', 'Janet', 'Sandra',
  'Carol', 'Maureen', 'Brenda', 'Pauline', 'Kathleen', 'Irene', 'Dorothy', 'Joan', 'Valerie', 'Sheila',
  'Ann', 'Mary', 'Gillian', 'Eileen', 'Doreen', 'Shirley', 'Rita', 'Joyce', 'Sylvia', 'Hilda',
  'Nasreen', 'Parveen', 'Gurpreet', 'Krystyna', 'Hyacinth', 'Bridget', 'Edna', 'Marjorie', 'Beryl', 'Wendy',
];

export const MALE_NAMES = [
  'John', 'David', 'Michael', 'Peter', 'Robert', 'Brian', 'Alan', 'William', 'James', 'Anthony',
  'Kenneth', 'Terence', 'Roy', 'Derek', 'Keith', 'Colin', 'Ronald', 'Geoffrey', 'Barry', 'Dennis',
  'Raymond', 'Trevor', 'Graham', 'Stephen', 'Malcolm', 'Frank', 'Harold', 'Leslie', 'Arthur', 'George',
  'Mohammed', 'Surinder', 'Rajesh', 'Bogdan', 'Winston', 'Delroy', 'Abdul', 'Patrick', 'Norman', 'Gordon',
];

export const FAMILY_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke',
  'Patel', 'Khan', 'Lewis', 'James', 'Phillips', 'Mason', 'Mitchell', 'Rose', 'Cox', 'Morgan',
  'Moore', 'Martin', 'Turner', 'Hill', 'Cooper', 'Ward', 'Harris', 'Kaur', 'Singh', 'Begum',
  'Hussain', 'Ahmed', 'Nowak', 'Kowalski', 'Shaw', 'Lloyd', 'Ellis', 'Marsh', 'Barker', 'Holmes',
  'Atkinson', 'Pearson', 'Dixon', 'Fletcher', 'Hudson', 'Bennett', 'Chapman', 'Hughes', 'Kelly', 'Murphy',
  "O'Brien", 'Foster', 'Gray', 'Parker', 'Price', 'Reid', 'Stevens', 'Campbell', 'Brooks', 'Armitage',
];

export const STREETS = [
  'Mill Lane', 'Church Street', 'Victoria Road', 'Station Road', 'Park Avenue', 'The Green', 'Meadow Close',
  'Orchard Way', 'Chapel Street', 'Queens Road', 'Albert Terrace', 'Beech Grove', 'Elm Drive',
  'Willow Crescent', 'Canal Side', 'Foundry Walk', 'Hawthorn Rise', 'Moorland View', 'Priory Gardens',
  'Weavers Court', 'Sycamore Avenue', 'Cross Street', 'Tanner Row', 'Bridge End',
];

export const LOCALITIES = ['Upper Northgate', 'Brackley Green', 'Holmfield', 'Castleton Moor', 'Saltwell', null, null];
export const TOWN = 'Northgate';

/** Inward codes use only the letters a postcode may hold (no C, I, K, M, O, V). */
export const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export const LANGUAGES = ['Polish', 'Punjabi', 'Urdu', 'Gujarati', 'Bengali', 'British Sign Language', 'Romanian'];

export const COMMUNICATION_NOTES = [
  'Hard of hearing: speak clearly, face to face; hearing aid in left ear',
  'Registered partially sighted: large print letters',
  'Mild dementia: daughter to be present for assessments',
  'Prefers phone calls in the afternoon',
];

export const RELATIONSHIPS = ['Daughter', 'Son', 'Wife', 'Husband', 'Niece', 'Neighbour', 'Friend', 'Grandson'];

export const WARDS = [
  'Ward 7 (Elderly Care)', 'Acute Medical Unit', 'Ward 22 (Orthopaedics)', 'Stroke Unit',
  'Ward 4 (Respiratory)', 'Frailty Assessment Unit', 'Ward 15 (General Surgery)', 'Ward 11 (Cardiology)',
];

export const HUB_TEAMS = ['Reablement North', 'Reablement South', 'Hospital Discharge Team', 'Community OT Team'];

export const HUB_WORKERS = [
  'Alex Morgan', 'Sam Okafor', 'Priya Desai', 'Jo Whitfield', 'Chris Doyle', 'Hannah Ibrahim',
  'Tom Greaves', 'Leah Walsh', 'Marcus Bell', 'Ruth Adeyemi', 'Dan Kowal', 'Beth Lindqvist',
];

export const HUB_STAFF = [
  { subject: 'coordinator.morgan@northgate.example', name: 'Alex Morgan', role: 'HUB_COORDINATOR' },
  { subject: 'coordinator.desai@northgate.example', name: 'Priya Desai', role: 'HUB_COORDINATOR' },
  { subject: 'coordinator.doyle@northgate.example', name: 'Chris Doyle', role: 'HUB_COORDINATOR' },
] as const;

export const OCCUPATIONAL_THERAPISTS = [
  { subject: 'ot.whitfield@northgate.example', name: 'Jo Whitfield', role: 'OCCUPATIONAL_THERAPIST' },
  { subject: 'ot.ibrahim@northgate.example', name: 'Hannah Ibrahim', role: 'OCCUPATIONAL_THERAPIST' },
] as const;

/** Presenting needs with the risks that usually come with them. */
export const NEEDS = [
  {
    summary: 'Fall at home with fractured neck of femur, repaired. Mobilising with frame and one carer. Needs help washing and dressing.',
    flags: ['FALLS_RISK', 'LIVES_ALONE'],
  },
  {
    summary: 'Chest infection, now resolved. Deconditioned after 12 days in bed; needs reablement to regain confidence on stairs.',
    flags: ['FALLS_RISK'],
  },
  {
    summary: 'Stroke affecting right side. Transfers with assistance of two. Family wish to care at home with support.',
    flags: ['NON_WEIGHT_BEARING', 'PRESSURE_ULCER_RISK'],
  },
  {
    summary: 'COPD exacerbation. Home oxygen set up. Breathless on exertion; needs help with shopping and meals.',
    flags: ['HOME_OXYGEN', 'LIVES_ALONE'],
  },
  {
    summary: 'Urinary tract infection with delirium, improving. Known dementia; wife is main carer and is exhausted.',
    flags: ['COGNITIVE_IMPAIRMENT', 'CARER_UNDER_STRAIN'],
  },
  {
    summary: 'Heart failure, fluid managed. Lives alone in first-floor flat; struggling with stairs and personal care.',
    flags: ['LIVES_ALONE', 'FALLS_RISK'],
  },
  {
    summary: 'Elective knee replacement. Independent before admission; short period of support with kitchen tasks expected.',
    flags: [],
  },
  {
    summary: 'Self-neglect noted by ward staff; house reported cold and without food. Consented to referral.',
    flags: ['SAFEGUARDING_CONCERN', 'LIVES_ALONE'],
  },
  {
    summary: 'Cellulitis of both legs, treated. Sacral skin damage grade 2; needs pressure care and equipment review.',
    flags: ['PRESSURE_ULCER_RISK'],
  },
  {
    summary: 'Parkinson\u2019s disease with recent falls. Medication times critical. Daughter visits daily.',
    flags: ['FALLS_RISK', 'COGNITIVE_IMPAIRMENT'],
  },
] as const;

/** A small part of the supplier's catalogue, with prices in pence; `special` items need an OT. */
export const CATALOGUE = [
  { itemCode: 'WF001', name: 'Walking frame, standard, height adjustable', unitPence: 2_850, special: false },
  { itemCode: 'WF010', name: 'Walking frame with two front wheels', unitPence: 4_200, special: false },
  { itemCode: 'RL003', name: 'Three-wheel rollator with bag', unitPence: 6_500, special: false },
  { itemCode: 'PS001', name: 'Perching stool with arms and back', unitPence: 3_800, special: false },
  { itemCode: 'CM002', name: 'Commode, static, with arms', unitPence: 5_400, special: false },
  { itemCode: 'RT001', name: 'Raised toilet seat, 100 mm', unitPence: 1_450, special: false },
  { itemCode: 'TF001', name: 'Toilet frame, free-standing', unitPence: 2_200, special: false },
  { itemCode: 'BB001', name: 'Bath board, slatted', unitPence: 1_900, special: false },
  { itemCode: 'GR010', name: 'Grab rail, 450 mm, fitted', unitPence: 900, special: false },
  { itemCode: 'CR004', name: 'Chair raisers, set of four', unitPence: 1_800, special: false },
  { itemCode: 'BL001', name: 'Bed lever', unitPence: 4_500, special: false },
  { itemCode: 'HB100', name: 'Profiling bed, electric, with rails', unitPence: 68_500, special: true },
  { itemCode: 'PM201', name: 'Pressure-relieving mattress, alternating air', unitPence: 42_000, special: true },
  { itemCode: 'HS300', name: 'Mobile hoist, electric', unitPence: 89_000, special: true },
  { itemCode: 'SL301', name: 'Hoist sling, universal, medium', unitPence: 9_500, special: false },
] as const;

export const DELIVERY_SPEEDS = [
  ['NEXT_DAY', 5],
  ['TWO_TO_THREE_DAYS', 3],
  ['STANDARD', 2],
  ['SAME_DAY', 1],
] as const;

export const ACCESS_NOTES = [
  'Key safe by front door; code given to supplier separately.',
  'Daughter will be in from 10:00; please ring first.',
  'Park on the drive. Ground floor flat, door at side of building.',
  'Dog in the house: please knock and wait.',
  null,
  null,
];
