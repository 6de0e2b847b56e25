import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder, found by walking up from this file to the
 * package.json. The SDL (schema/) and the SQL migrations are read from there,
 * so the same code runs from src/ under tsx and from dist/ after a build.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root (no package.json above src/)');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();

export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
