import { readFile } from 'node:fs/promises';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from '../../src/config/configuration-doc.js';
import { SETTINGS } from '../../src/config/settings.js';
import { projectPath } from '../../src/project-paths.js';

describe('docs/configuration.md', () => {
  test('is what the table of settings gives (npm run docs:config writes it)', async () => {
    expect(await readFile(projectPath(CONFIGURATION_DOC_PATH), 'utf8')).toBe(renderConfigurationDoc());
  });

  test('has a row for every setting, secrets marked, with its default and range', () => {
    const doc = renderConfigurationDoc();
    for (const name of Object.keys(SETTINGS)) expect(doc).toContain(`| \`${name}\``);
    expect(doc).toContain('| `KEY_SAFE_KEY` (secret) |');
    expect(doc).toMatch(/\| `PORT` \| integer \| `4000` \| `0`\.\.`65535` \|/);
    expect(doc).toMatch(/\| `AUTH_MAX_TOKEN_LIFETIME` \| duration \| `12h` \| `1m`\.\.`30d`/);
    expect(doc).toContain('required: a real deployment orders from the real supplier, not the simulator');
  });
});
