/**
 * Every relative link in README.md and docs/ leads to a file that exists,
 * and to a heading of it when the link names one.
 */
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.js';
import { documentationFiles, headingAnchors, readDocumentation, relativeLinks } from '../support/markdown.js';

describe('links in the documentation', () => {
  test.each(documentationFiles())('%s links only to what exists', (file) => {
    const markdown = readDocumentation(file);
    const broken: string[] = [];
    for (const link of relativeLinks(markdown)) {
      const [path = '', anchor] = link.split('#', 2);
      const target = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
      if (!existsSync(join(PROJECT_ROOT, target))) {
        broken.push(`${link}: no ${target}`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !headingAnchors(readDocumentation(target)).has(anchor)) {
        broken.push(`${link}: ${target} has no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('the check sees a broken link and a missing heading', () => {
    expect(relativeLinks('See [a](docs/a.md#b), [web](https://x.org) and [c](../c.md).')).toEqual(['docs/a.md#b', '../c.md']);
    expect(headingAnchors('# Care records\n## Feed configuration\n### Roles, and what they may do')).toEqual(
      new Set(['care-records', 'feed-configuration', 'roles-and-what-they-may-do']),
    );
  });
});
