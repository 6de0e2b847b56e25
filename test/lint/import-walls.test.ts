/**
 * The walls between the gateway's parts (eslint.config.js, importWalls):
 * each refuses the import it exists to stop and lets through what it allows.
 */
import { ESLint } from 'eslint';
import { importWalls } from '../../eslint.config.js';
import { projectPath } from '../../src/project-paths.js';

const eslint = new ESLint({ cwd: projectPath(), overrideConfigFile: true, overrideConfig: importWalls });

async function refusals(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath: projectPath(file) });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('adapters see the core only through its ports', () => {
  test.each([
    ['the Inbox class', "import { Inbox } from '../../src/inbox/inbox.js';"],
    ['the dispatcher', "import { OutboxDispatcher } from '../../src/outbox/outbox-dispatcher.js';"],
    ['generated GraphQL types', "import { Sex } from '../../../src/generated/graphql.js';"],
    ['the synthetic seed', "import { generateSyntheticHub } from '../../src/seed/synthetic-hub.js';"],
    ['the server', "import { startGateway } from '../../src/server/gateway.js';"],
  ])('an adapter importing %s is refused', async (_what, source) => {
    expect(await refusals('adapters/hospital-discharge/bad.ts', source)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*only the core's ports/),
    ]);
  });

  test.each([
    "import { FeedMessageError } from '../../src/inbox/ports.js';",
    "import { GatewayError } from '../../src/errors.js';",
    "import { parseSafeXml } from '../../../src/xml/safe-xml.js';",
    "import { ukDayOf } from '../../src/time/uk-time.js';",
    "import { frameMllp } from './hl7v2/mllp-framing.js';",
  ])('an adapter may import %s', async (source) => {
    expect(await refusals('adapters/hospital-discharge/good.ts', source)).toEqual([]);
  });

  test('the composition root sees both sides', async () => {
    expect(await refusals('adapters/connect-adapters.ts', "import { startGateway } from '../src/server/gateway.js';")).toEqual([]);
  });
});

describe('the layers inside src/', () => {
  test('a domain never imports the server', async () => {
    expect(await refusals('src/referrals/bad.ts', "import { requireId } from '../server/graphql/lookups.js';")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*A domain never imports src\/server\//),
    ]);
  });

  test('a domain may import another domain and the store', async () => {
    const source = "import { parseNhsNumber } from '../customers/nhs-number.js';\nimport { SqlConditions } from '../store/sql-conditions.js';";
    expect(await refusals('src/referrals/good.ts', source)).toEqual([]);
  });

  test.each([
    ['a domain', "import { ActorRecord } from '../auth/viewer.js';"],
    ['the server', "import { GatewayContext } from '../server/request/context.js';"],
    ['the generated GraphQL types', "import { Role } from '../generated/graphql.js';"],
  ])('the store never imports %s', async (_what, source) => {
    expect(await refusals('src/store/bad.ts', source)).toEqual([expect.stringMatching(/^no-restricted-imports: .*This layer sits below the domains/)]);
  });

  test('nothing in src/ but main.ts imports an adapter', async () => {
    const source = "import { startWithAdapters } from '../../adapters/connect-adapters.js';";
    expect(await refusals('src/server/bad.ts', source)).toEqual([expect.stringMatching(/^no-restricted-imports: .*src\/ never imports adapters\//)]);
    expect(await refusals('src/main.ts', "import { startWithAdapters } from '../adapters/connect-adapters.js';")).toEqual([]);
  });
});

test('npm run lint applies the walls (the project config includes them)', async () => {
  const project = new ESLint({ cwd: projectPath() });
  const config = (await project.calculateConfigForFile(projectPath('adapters/hospital-discharge/fhir-feed.ts'))) as { rules: Record<string, unknown> };
  const [, options] = importWalls[0]!.rules!['no-restricted-imports'] as [string, unknown];
  expect(config.rules['no-restricted-imports']).toEqual([2, options]);
});
