import { readFile } from 'node:fs/promises';
import { buildSchema as buildSdlSchema, isScalarType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from '../../../src/server/graphql/schema.js';
import { loadTypeDefs, PRINTED_SCHEMA_PATH, renderPrintedSchema } from '../../../src/server/graphql/schema-files.js';
import { projectPath } from '../../../src/project-paths.js';

describe('the printed schema for clients (schema/printed/schema.graphql)', () => {
  test('is what schema/*.graphql gives (npm run schema:print writes it)', async () => {
    expect(await readFile(projectPath(PRINTED_SCHEMA_PATH), 'utf8')).toBe(renderPrintedSchema());
  });

  test('is the schema the gateway serves, type for type', async () => {
    const printed = await readFile(projectPath(PRINTED_SCHEMA_PATH), 'utf8');
    // Sorted: the gateway's merge puts an extended root's fields in another order, which no client sees.
    // Scalars' descriptions set aside: the served ones are scalars.ts's one-liners, the printed ones the SDL's fuller text.
    const sorted = (schema: GraphQLSchema) => {
      for (const type of Object.values(schema.getTypeMap())) if (isScalarType(type)) type.description = undefined;
      return printSchema(lexicographicSortSchema(schema));
    };
    expect(sorted(buildSdlSchema(printed))).toBe(sorted(buildSchema()));
  });

  test('is not read back by the gateway as one of its SDL files', () => {
    const typeDefs = loadTypeDefs();
    expect(typeDefs.some((sdl) => sdl.includes('npm run schema:print'))).toBe(false);
    // One file declares each root and the rest extend it: a second declaration would mean the printed file came in.
    expect(typeDefs.filter((sdl) => /^type Query\b/m.test(sdl))).toHaveLength(1);
    expect(typeDefs.filter((sdl) => /^type Mutation\b/m.test(sdl))).toHaveLength(1);
    expect(typeDefs.filter((sdl) => /^extend type Query\b/m.test(sdl)).length).toBeGreaterThanOrEqual(4);
  });
});
