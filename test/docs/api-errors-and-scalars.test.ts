/**
 * docs/api.md keeps up with the code: every error code the gateway raises has
 * a row in its Errors tables, and every custom scalar a row in the client
 * codegen guidance.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isScalarType, isSpecifiedScalarType } from 'graphql';
import { PROJECT_ROOT, projectPath } from '../../src/project-paths.js';
import { PRINTED_SCHEMA_PATH } from '../../src/server/graphql/schema-files.js';

const API_DOC = readFileSync(projectPath('docs/api.md'), 'utf8');

/** Every way a code is written in the sources: an error class's, an HTTP error's, a plugin's GraphQL error's, Apollo's named ones. */
const CODE_PATTERNS = [
  /readonly code = '([A-Z_]+)'/g,
  /HttpError\(\d+, '([A-Z_]+)'/g,
  /sendError\(res, \d+, '([A-Z_]+)'/g,
  /extensions: \{[^}]*\bcode: '([A-Z_]+)'/g,
  /ApolloServerErrorCode\.([A-Z_]+)/g,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.startsWith('generated'))
    .map((path) => join(PROJECT_ROOT, dir, path));
}

function codesInSources(): Set<string> {
  const codes = new Set<string>();
  for (const file of [...sourceFiles('src'), ...sourceFiles('adapters')]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of CODE_PATTERNS) for (const match of text.matchAll(pattern)) codes.add(match[1]!);
  }
  return codes;
}

/** The rows of the tables under a heading, as arrays of cells. */
function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/api.md has no "## ${heading}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\s\|$/g, '')));
}

/** The backticked names in a row's first cell: `NOT_FOUND` (HTTP 404), `METHOD_NOT_ALLOWED` (HTTP 405). */
function namesInFirstCells(rows: string[][]): Set<string> {
  return new Set(rows.flatMap((row) => [...row[0]!.matchAll(/`([A-Za-z_]+)`/g)].map((match) => match[1]!)));
}

describe('docs/api.md', () => {
  test('its Errors tables name every code the sources raise', () => {
    const inSources = codesInSources();
    // The scan itself works: codes of each kind are found.
    for (const known of ['FORBIDDEN', 'PAYLOAD_TOO_LARGE', 'ORIGIN_NOT_ALLOWED', 'QUERY_TOO_COSTLY', 'GRAPHQL_PARSE_FAILED', 'SUPPLIER_XML_INVALID']) {
      expect(inSources).toContain(known);
    }
    const documented = namesInFirstCells(tableRows(API_DOC, 'Errors'));
    expect([...inSources].filter((code) => !documented.has(code)).sort()).toEqual([]);
  });

  test('every row of its Errors tables says when the code is sent', () => {
    const rows = tableRows(API_DOC, 'Errors').filter((row) => row[0] !== 'code');
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect([row[0], (row[1]?.length ?? 0) > 20]).toEqual([row[0], true]);
  });

  test('its client codegen guidance maps every custom scalar, with its type and an example', () => {
    const schema = buildSchema(readFileSync(projectPath(PRINTED_SCHEMA_PATH), 'utf8'));
    const scalars = Object.values(schema.getTypeMap())
      .filter((type) => isScalarType(type) && !isSpecifiedScalarType(type))
      .map((type) => type.name);
    expect(scalars.length).toBeGreaterThanOrEqual(4);
    const rows = tableRows(API_DOC, 'Generating client types');
    const section = API_DOC.slice(API_DOC.indexOf('## Generating client types'));
    for (const scalar of scalars) {
      expect(section).toContain(`${scalar}: '`);
      const row = rows.find((cells) => cells[0] === `\`${scalar}\``);
      expect([scalar, row?.length]).toEqual([scalar, 4]);
      expect(row![3]).toMatch(/^`".+"`$/);
    }
  });
});
