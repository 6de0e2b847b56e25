/**
 * The public sample messages live in ../shared/samples, beside the project,
 * never inside it: some are GPL-licensed and may not be copied in. CI has
 * them; a machine with only the project does not, and there the suites that
 * read them are skipped with a message saying why.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.js';

export const SHARED_SAMPLES_DIR = resolve(process.env.SHARED_SAMPLES_DIR ?? join(PROJECT_ROOT, '..', 'shared', 'samples'));

export const sharedSamplesPresent = existsSync(SHARED_SAMPLES_DIR);

/** Every sample of a kind, by file name; none when the samples are not there. */
export function sampleFiles(kind: 'hl7v2' | 'fhir-json' | 'fhir-xml'): string[] {
  return sharedSamplesPresent ? readdirSync(join(SHARED_SAMPLES_DIR, kind)).sort() : [];
}

/** The sample's bytes exactly as published. */
export function readSample(kind: 'hl7v2' | 'fhir-json' | 'fhir-xml', file: string): Buffer {
  return readFileSync(join(SHARED_SAMPLES_DIR, kind, file));
}

/**
 * `describe` when the samples are there; otherwise one skipped suite whose
 * name says what is missing, so the test output shows what did not run.
 */
export function describeWithSamples(name: string, suite: () => void): void {
  if (sharedSamplesPresent) describe(name, suite);
  else {
    describe.skip(`${name} [skipped: no ${SHARED_SAMPLES_DIR}; the public samples are read from ../shared, never copied]`, () =>
      test.skip('skipped', () => undefined),
    );
  }
}
