import { describeDischargeCode, DISCHARGE_DESTINATIONS, DISCHARGE_METHODS } from '../../../../adapters/hospital-discharge/hl7v2/itk-codes.js';

describe('describeDischargeCode', () => {
  test('names ITK codes', () => {
    expect(describeDischargeCode('4', DISCHARGE_METHODS, 'ITK')).toBe('4: Patient died');
    expect(describeDischargeCode('85', DISCHARGE_DESTINATIONS, 'ITK')).toBe('85: Non-NHS (other than Local Authority) run Care Home');
  });

  test('keeps an unknown ITK code bare and TEXT as sent', () => {
    expect(describeDischargeCode('42', DISCHARGE_DESTINATIONS, 'ITK')).toBe('42');
    expect(describeDischargeCode('19', DISCHARGE_DESTINATIONS, 'TEXT')).toBe('19');
  });

  test('has every Data Dictionary code', () => {
    expect(Object.keys(DISCHARGE_METHODS)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Object.keys(DISCHARGE_DESTINATIONS)).toEqual(
      ['19', '29', '30', '37', '38', '48', '49', '50', '51', '52', '53', '54', '65', '66', '79', '84', '85', '87', '88', '98', '99'],
    );
  });
});
