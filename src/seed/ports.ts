/**
 * What the outside systems' simulators may use of the seed: the same
 * synthetic hub and vocabulary, so that the people a simulated record
 * system holds are the people the seeded store refers to.
 */
export { generateSyntheticHub, type SyntheticHub } from './synthetic-hub.js';
export { SeededRandom } from './random.js';
export { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES } from './synthetic-vocabulary.js';
