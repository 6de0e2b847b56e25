/**
 * Reads the project's Markdown as the doc tests need it: fenced blocks with
 * the marker comment before them, the block that shows their output, and
 * the relative links and headings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.js';

/** What a `<!-- … -->` line just before a fenced block asks of the doc test. */
export type BlockMarker = 'run' | 'start-gateway';

export interface FencedBlock {
  /** The info string after the opening fence: `sh`, `text`, `graphql`… */
  language: string;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
  marker: BlockMarker | null;
  /** The `text` block that follows it with nothing but prose between: what running it prints. */
  output: string | null;
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  let marker: BlockMarker | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const comment = /^<!-- (run|start-gateway) -->$/.exec(line);
    if (comment) {
      marker = comment[1] as BlockMarker;
      continue;
    }
    const fence = /^```(\S*)\s*$/.exec(line);
    if (!fence) {
      if (line.trim() !== '') marker = null;
      continue;
    }
    const end = lines.indexOf('```', index + 1);
    if (end < 0) throw new Error(`line ${index + 1}: a fenced block that never closes`);
    blocks.push({ language: fence[1] ?? '', text: lines.slice(index + 1, end).join('\n'), line: index + 1, marker, output: null });
    marker = null;
    index = end;
  }
  // A run block's output is the next block when that is a `text` block.
  blocks.forEach((block, index) => {
    const next = blocks[index + 1];
    if (block.marker === 'run' && next?.language === 'text') block.output = next.text;
  });
  return blocks;
}

/** README.md and every page under docs/, as paths relative to the project root. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', ...docs.sort()];
}

export function readDocumentation(path: string): string {
  return readFileSync(join(PROJECT_ROOT, path), 'utf8');
}

/** Link targets that are neither absolute URLs nor mail addresses, outside fenced blocks. */
export function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '').filter((target) => !/^[a-z][a-z+.-]*:/i.test(target));
}

/** The anchors GitHub gives a page's headings. */
export function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  const anchors = new Set<string>();
  for (const [, heading] of prose.matchAll(/^#{1,6} (.+)$/gm)) {
    anchors.add(
      (heading ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return anchors;
}
