import { csvCell } from '../../../src/server/http/tracker-csv.js';

describe('a discharge tracker CSV cell', () => {
  it('keeps text a spreadsheet would run as a formula as text, and leaves everything else as it is', () => {
    expect(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tTab'].map(csvCell)).toEqual([
      `'=HYPERLINK("http://x")`,
      "'+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTab",
    ]);
    expect(['Ada Tester', '2026-06-10', 'O\'Brien', null, -1, 3].map(csvCell)).toEqual(['Ada Tester', '2026-06-10', "O'Brien", null, -1, 3]);
  });
});
