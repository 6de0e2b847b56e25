/**
 * The simulator's price list: about a hundred items of the kind a council's
 * community equipment contract holds, priced like one (whole pence, per
 * unit, before fitting). ISO 9999 classes are those of the 2011/2016
 * editions (12 06 03 plain walking frames, 12 06 06 wheeled frames and
 * rollators, 09 12 18 raised toilet seats), null where no class fits (key
 * safes, perching stools, bespoke seating). Synthetic: no real supplier's
 * codes or prices.
 */
import type { CatalogueItem, StockStatus } from '../../src/equipment/ports.js';

type Row = [code: string, name: string, isoClass: string | null, unitPence: number, special: boolean, stock: StockStatus];

// Grouped by category so the table reads like a supplier's price list.
const LIST: Record<string, Row[]> = {
  'Walking sticks and crutches': [
    ['WS-001', 'Walking stick, adjustable, crook handle', '12 03 03', 650, false, 'IN_STOCK'],
    ['WS-002', 'Walking stick, adjustable, ergonomic handle', '12 03 03', 1150, false, 'IN_STOCK'],
    ['WS-004', 'Quadruped walking stick, adjustable', '12 03 16', 2250, false, 'IN_STOCK'],
    ['WS-006', 'Elbow crutches, adjustable (pair)', '12 03 06', 1600, false, 'IN_STOCK'],
    ['WS-007', 'Walking stick with folding seat', '12 03 18', 2400, false, 'OUT_OF_STOCK'],
  ],
  'Walking frames': [
    ['WF-001', 'Walking frame, folding, with wheels', '12 06 06', 4250, false, 'IN_STOCK'],
    ['WF-002', 'Walking frame, folding, no wheels', '12 06 03', 3450, false, 'IN_STOCK'],
    ['WF-003', 'Walking frame, fixed, no wheels', '12 06 03', 3050, false, 'IN_STOCK'],
    ['WF-005', 'Walking frame, bariatric (up to 254 kg)', '12 06 03', 8900, false, 'IN_STOCK'],
    ['WF-006', 'Gutter frame, height adjustable, with forearm troughs', '12 06 06', 18500, true, 'MADE_TO_ORDER'],
  ],
  Rollators: [
    ['RL-001', 'Rollator, three-wheeled, with bag', '12 06 06', 5500, false, 'IN_STOCK'],
    ['RL-002', 'Rollator, four-wheeled, with seat and basket', '12 06 06', 7800, false, 'IN_STOCK'],
    ['RL-003', 'Rollator, four-wheeled, lightweight', '12 06 06', 9400, false, 'LOW_STOCK'],
    ['RL-005', 'Rollator, bariatric', '12 06 06', 18900, false, 'OUT_OF_STOCK'],
  ],
  'Perching stools': [
    ['PS-001', 'Perching stool, height adjustable, with arms and back', null, 5200, false, 'IN_STOCK'],
    ['PS-002', 'Perching stool, height adjustable, no arms', null, 4300, false, 'IN_STOCK'],
  ],
  'Shower chairs and stools': [
    ['SH-001', 'Shower stool, height adjustable', '09 33 03', 2650, false, 'IN_STOCK'],
    ['SH-003', 'Shower chair, height adjustable, with arms and back', '09 33 03', 4800, false, 'IN_STOCK'],
    ['SH-004', 'Shower chair, wall mounted, fold-up', '09 33 03', 11500, false, 'LOW_STOCK'],
    ['SH-005', 'Mobile shower commode chair, attendant propelled', '09 12 03', 32500, false, 'IN_STOCK'],
    ['SH-006', 'Mobile shower commode chair, self propelled', '09 12 03', 58000, true, 'MADE_TO_ORDER'],
    ['SH-007', 'Tilt-in-space shower commode chair', '09 12 03', 148000, true, 'MADE_TO_ORDER'],
  ],
  'Bath boards and seats': [
    ['BB-001', 'Bath board, slatted, 686 mm', '09 33 03', 2900, false, 'IN_STOCK'],
    ['BB-002', 'Bath board, solid, with handle, 711 mm', '09 33 03', 3600, false, 'IN_STOCK'],
    ['BB-004', 'Swivel bather seat', '09 33 03', 9800, false, 'IN_STOCK'],
    ['BB-005', 'Bath step, non-slip', null, 1650, false, 'IN_STOCK'],
  ],
  'Bath lifts': [
    ['BL-001', 'Bath lift, battery powered, reclining', '12 36 15', 44500, false, 'IN_STOCK'],
    ['BL-003', 'Bath lift, bariatric', '12 36 15', 89000, true, 'MADE_TO_ORDER'],
  ],
  Commodes: [
    ['CM-001', 'Commode, static, with arms, fixed height', '09 12 03', 5200, false, 'IN_STOCK'],
    ['CM-002', 'Commode, static, height adjustable, removable arms', '09 12 03', 7400, false, 'IN_STOCK'],
    ['CM-003', 'Commode, disguised, upholstered chair', '09 12 03', 8900, false, 'LOW_STOCK'],
    ['CM-004', 'Commode, wheeled, attendant propelled', '09 12 03', 8500, false, 'IN_STOCK'],
    ['CM-005', 'Commode, bariatric (up to 318 kg)', '09 12 03', 22500, false, 'OUT_OF_STOCK'],
  ],
  'Toilet seats and frames': [
    ['TS-002', 'Raised toilet seat, 4 in (100 mm)', '09 12 18', 1350, false, 'IN_STOCK'],
    ['TS-003', 'Raised toilet seat, 6 in (150 mm)', '09 12 18', 1450, false, 'IN_STOCK'],
    ['TF-001', 'Toilet frame, height adjustable, fixed to pan', '09 12 24', 2950, false, 'IN_STOCK'],
    ['TF-002', 'Toilet frame, free standing, height adjustable', '09 12 25', 3900, false, 'IN_STOCK'],
    ['TF-003', 'Toilet frame with raised seat, free standing', '09 12 12', 4500, false, 'IN_STOCK'],
    ['TF-004', 'Toilet frame, bariatric', '09 12 25', 9800, false, 'LOW_STOCK'],
  ],
  'Grab rails and handrails': [
    ['GR-001', 'Grab rail, plastic, fluted, 300 mm', '18 18 06', 550, false, 'IN_STOCK'],
    ['GR-003', 'Grab rail, plastic, fluted, 600 mm', '18 18 06', 750, false, 'IN_STOCK'],
    ['GR-004', 'Grab rail, steel, 600 mm', '18 18 06', 1450, false, 'IN_STOCK'],
    ['GR-005', 'Newel rail, 460 mm', '18 18 06', 2900, false, 'LOW_STOCK'],
    ['GR-006', 'Stair rail, wooden, per 1.2 m length', '18 18 03', 2550, false, 'IN_STOCK'],
    ['GR-007', 'Hinged support arm, wall mounted, fold-up', '18 18 11', 11500, false, 'IN_STOCK'],
  ],
  'Bed levers and rails': [
    ['BLV-001', 'Bed lever, divan, with safety strap', '18 12 27', 4400, false, 'IN_STOCK'],
    ['BLV-002', 'Bed lever, slatted or sprung bed', '18 12 27', 5600, false, 'IN_STOCK'],
    ['BLV-003', 'Bed rails, fitted to profiling bed (pair)', '18 12 27', 8200, false, 'IN_STOCK'],
    ['BLV-004', 'Bed rail bumpers, full length (pair)', '18 12 27', 6500, false, 'LOW_STOCK'],
  ],
  'Furniture raisers': [
    ['CR-001', 'Chair raisers, screw-in, 100 mm (set of 4)', '18 15 03', 3250, false, 'IN_STOCK'],
    ['CR-002', 'Chair raisers, cup type, adjustable (set of 4)', '18 15 03', 2650, false, 'IN_STOCK'],
    ['CR-004', 'Bed raisers, 100 mm (set of 4)', '18 15 03', 2900, false, 'IN_STOCK'],
    ['CR-005', 'Settee raiser, elevating frame', '18 15 03', 12500, false, 'OUT_OF_STOCK'],
  ],
  'Beds and bed accessories': [
    ['BED-010', 'Profiling bed, four-section, electric, with rails', '18 12 10', 112000, true, 'IN_STOCK'],
    ['BED-011', 'Profiling bed, four-section, electric, low (ultra-low)', '18 12 10', 139000, true, 'LOW_STOCK'],
    ['BED-012', 'Profiling bed, three-section, electric', '18 12 10', 94500, true, 'IN_STOCK'],
    ['BED-013', 'Profiling bed, bariatric (up to 350 kg)', '18 12 10', 285000, true, 'MADE_TO_ORDER'],
    ['BED-014', 'Community bed, height adjustable, non-profiling', '18 12 07', 69000, true, 'IN_STOCK'],
    ['BED-015', 'Over-bed table, height adjustable', null, 5400, false, 'IN_STOCK'],
  ],
  'Pressure-relieving mattresses': [
    ['MAT-001', 'Pressure-reducing foam mattress, static, high specification', '04 33 06', 31500, false, 'IN_STOCK'],
    ['MAT-002', 'Pressure-reducing foam mattress, castellated', '04 33 06', 38500, false, 'IN_STOCK'],
    ['MAT-003', 'Hybrid mattress, static foam with alternating upgrade', '04 33 06', 89500, true, 'LOW_STOCK'],
    ['MAT-004', 'Alternating pressure overlay, dynamic', '04 33 06', 62000, true, 'IN_STOCK'],
    ['MAT-005', 'Alternating pressure replacement mattress, dynamic', '04 33 06', 138000, true, 'IN_STOCK'],
    ['MAT-006', 'Alternating pressure mattress, dynamic, high risk, with pump', '04 33 06', 195000, true, 'LOW_STOCK'],
    ['MAT-007', 'Bariatric alternating pressure mattress, dynamic', '04 33 06', 199500, true, 'MADE_TO_ORDER'],
  ],
  'Pressure-relieving cushions': [
    ['CUS-001', 'Pressure-reducing foam cushion', '04 33 03', 4200, false, 'IN_STOCK'],
    ['CUS-002', 'Pressure-reducing gel and foam cushion', '04 33 03', 11800, false, 'IN_STOCK'],
    ['CUS-003', 'Air cell cushion, adjustable', '04 33 03', 36500, true, 'LOW_STOCK'],
    ['CUS-004', 'Alternating pressure cushion, dynamic', '04 33 03', 58000, true, 'IN_STOCK'],
  ],
  Hoists: [
    ['HST-001', 'Mobile hoist, electric, 150 kg safe working load', '12 36 03', 98000, true, 'IN_STOCK'],
    ['HST-002', 'Mobile hoist, electric, 180 kg, powered leg opening', '12 36 03', 146000, true, 'IN_STOCK'],
    ['HST-003', 'Mobile hoist, bariatric, 250 kg', '12 36 03', 245000, true, 'MADE_TO_ORDER'],
    ['HST-004', 'Standing hoist (stand aid), electric', '12 36 04', 139000, true, 'LOW_STOCK'],
    ['HST-005', 'Ceiling track hoist, single room, straight track, installed', '12 36 12', 248000, true, 'MADE_TO_ORDER'],
    ['HST-006', 'Gantry hoist, free standing, portable', '12 36 18', 189000, true, 'IN_STOCK'],
  ],
  Slings: [
    ['SLG-001', 'Universal sling, divided leg, size M', '12 36 21', 8900, false, 'IN_STOCK'],
    ['SLG-003', 'Hammock sling, full body, with head support, size M', '12 36 21', 14500, false, 'LOW_STOCK'],
    ['SLG-004', 'Toileting sling, size M', '12 36 21', 9800, false, 'IN_STOCK'],
    ['SLG-005', 'Standing hoist sling, size M', '12 36 21', 7600, false, 'IN_STOCK'],
    ['SLG-006', 'Bespoke sling, made to measure', '12 36 21', 21500, true, 'MADE_TO_ORDER'],
  ],
  'Transfer aids': [
    ['TRB-001', 'Transfer board, curved, 760 mm', '12 31 03', 3600, false, 'IN_STOCK'],
    ['TRB-002', 'Transfer board, straight, with hand holes', '12 31 03', 2900, false, 'IN_STOCK'],
    ['TT-001', 'Turntable, floor, 380 mm', '12 31 06', 3200, false, 'IN_STOCK'],
    ['TT-002', 'Standing turner with handle and knee pad', null, 34500, false, 'LOW_STOCK'],
  ],
  Wheelchairs: [
    ['WC-001', 'Wheelchair, self propelled, folding, 18 in seat', '12 22 03', 21500, false, 'IN_STOCK'],
    ['WC-002', 'Wheelchair, attendant propelled (transit), 18 in seat', '12 22 18', 17500, false, 'IN_STOCK'],
    ['WC-003', 'Wheelchair, bariatric, self propelled, 22 in seat', '12 22 03', 54500, true, 'LOW_STOCK'],
    ['WC-004', 'Wheelchair, tilt-in-space, attendant propelled', '12 22 18', 182000, true, 'MADE_TO_ORDER'],
  ],
  Ramps: [
    ['RMP-001', 'Threshold ramp, rubber, 50 mm rise', '18 30 15', 4200, false, 'IN_STOCK'],
    ['RMP-002', 'Threshold ramp, aluminium, adjustable', '18 30 15', 8900, false, 'IN_STOCK'],
    ['RMP-003', 'Portable ramp, folding, 1.5 m', '18 30 15', 17500, false, 'LOW_STOCK'],
    ['RMP-004', 'Modular ramp system, installed', '18 30 15', 165000, true, 'MADE_TO_ORDER'],
  ],
  Telecare: [
    ['KS-001', 'Key safe, police approved, installed', null, 6500, false, 'IN_STOCK'],
    ['ALM-001', 'Pendant alarm and home unit', '22 27 18', 9500, false, 'IN_STOCK'],
    ['ALM-002', 'Falls detector, wrist worn', '22 27 18', 14500, false, 'LOW_STOCK'],
    ['ALM-003', 'Bed occupancy sensor', '22 27 18', 11500, false, 'OUT_OF_STOCK'],
  ],
  Seating: [
    ['SEAT-001', 'Riser recliner chair, dual motor', null, 79500, true, 'IN_STOCK'],
    ['SEAT-002', 'High seat chair, fixed height', null, 29500, false, 'IN_STOCK'],
    ['SEAT-003', 'Bespoke seating system, assessed and made to measure', null, 228000, true, 'MADE_TO_ORDER'],
  ],
  'Daily living aids': [
    ['DLA-001', 'Leg lifter, rigid', null, 850, false, 'IN_STOCK'],
    ['DLA-003', 'Kitchen trolley, two trays, height adjustable', '24 36 12', 6400, false, 'IN_STOCK'],
  ],
};

export const SIMULATOR_CATALOGUE: readonly CatalogueItem[] = Object.entries(LIST).flatMap(([category, rows]) =>
  rows.map(([code, name, isoClass, unitPence, special, stock]) => ({ code, name, category, isoClass, unitPence, special, stock })),
);

/** Codes the supplier once listed and no longer supplies: an order naming one is ITEM_WITHDRAWN, not UNKNOWN_ITEM. */
export const SIMULATOR_WITHDRAWN_CODES: readonly string[] = ['WF-000', 'BED-001', 'BED-002', 'MAT-000', 'HST-000'];
