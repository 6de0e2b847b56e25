/**
 * The kinds of onward referral hub staff may make: configuration, not code
 * (ONWARD_SERVICES_FILE, else this folder's onward-services.json). Each says
 * its name, where it goes (a record system's team, or a community health
 * service) and which of the mutation's fields it needs. Read and checked at
 * start-up: a file that is not exactly this stops the gateway, naming the
 * JSON path of every problem at once.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { projectPath } from '../project-paths.js';
import { ONWARD_TARGET_SYSTEMS, type OnwardTargetSystem } from './ports.js';

export const ONWARD_SERVICES_VARIABLE = 'ONWARD_SERVICES_FILE';
export const DEFAULT_ONWARD_SERVICES_FILE = projectPath('src', 'onward', 'onward-services.json');

/** The fields of makeOnwardReferral's input a kind may require. */
export const REQUIRABLE_FIELDS = ['reason', 'details'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export const COMMUNITY_SERVICES = ['DISTRICT_NURSING', 'COMMUNITY_THERAPY', 'OTHER'] as const;

export interface OnwardService {
  /** Its code in the API (CARERS_SUPPORT). */
  kind: string;
  /** Its name for people ("Carers' support"). */
  name: string;
  system: OnwardTargetSystem;
  /** The team's code at a record system, or the community health service. */
  destination: string;
  requires: readonly RequirableField[];
}

const KIND = /^[A-Z][A-Z0-9_]{1,49}$/;
/** As the record systems' contracts have team codes. */
const TEAM_CODE = /^[A-Z0-9-]{1,20}$/;
const MAX_NAME_LENGTH = 100;

/** The kinds in `file` (or the default), checked; throws ConfigError naming ONWARD_SERVICES_FILE and every problem. */
export async function loadOnwardServices(file: string | null): Promise<OnwardService[]> {
  const path = file ?? DEFAULT_ONWARD_SERVICES_FILE;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(ONWARD_SERVICES_VARIABLE, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(ONWARD_SERVICES_VARIABLE, `${path} is not JSON`);
  }
  return parseOnwardServices(json, path);
}

/** The kinds in a parsed file; `where` names it in errors. */
export function parseOnwardServices(json: unknown, where: string): OnwardService[] {
  const problems: string[] = [];
  const services: OnwardService[] = [];
  const list = isObject(json) ? json.services : undefined;
  if (!isObject(json) || !Array.isArray(list) || list.length === 0) {
    throw new ConfigError(ONWARD_SERVICES_VARIABLE, `${where}: services: must be a non-empty array of onward services`);
  }
  onlyKeys(json, ['services'], '', problems);
  list.forEach((entry: unknown, index) => {
    const at = `services[${index}]`;
    const service = readService(entry, at, problems);
    if (service === null) return;
    if (services.some((earlier) => earlier.kind === service.kind)) problems.push(`${at}.kind: ${service.kind} is named twice`);
    services.push(service);
  });
  if (problems.length > 0) throw new ConfigError(ONWARD_SERVICES_VARIABLE, `${where}: ${problems.join('; ')}`);
  return services;
}

function readService(entry: unknown, at: string, problems: string[]): OnwardService | null {
  if (!isObject(entry)) {
    problems.push(`${at}: is not an object`);
    return null;
  }
  const before = problems.length;
  onlyKeys(entry, ['kind', 'name', 'target', 'requires'], at, problems);
  const { kind, name, target, requires } = entry;
  if (typeof kind !== 'string' || !KIND.test(kind)) problems.push(`${at}.kind: must be a code of capitals, digits and _ (CARERS_SUPPORT)`);
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) problems.push(`${at}.name: must be text of 1 to ${MAX_NAME_LENGTH} characters`);
  const required = readRequires(requires, `${at}.requires`, problems);
  const destination = readTarget(target, `${at}.target`, problems);
  // A ServiceRequest always carries its reason.
  if (destination?.system === 'COMMUNITY_HEALTH' && !required.includes('reason')) problems.push(`${at}.requires: must include reason for a COMMUNITY_HEALTH target`);
  if (problems.length > before || destination === null) return null;
  return { kind: kind as string, name: (name as string).trim(), ...destination, requires: required };
}

function readTarget(target: unknown, at: string, problems: string[]): { system: OnwardTargetSystem; destination: string } | null {
  if (!isObject(target)) {
    problems.push(`${at}: must be an object with a system`);
    return null;
  }
  const system = ONWARD_TARGET_SYSTEMS.find((known) => known === target.system);
  if (system === undefined) {
    problems.push(`${at}.system: must be one of ${ONWARD_TARGET_SYSTEMS.join(', ')}`);
    return null;
  }
  if (system === 'COMMUNITY_HEALTH') {
    onlyKeys(target, ['system', 'service'], at, problems);
    const service = COMMUNITY_SERVICES.find((known) => known === target.service);
    if (service === undefined) problems.push(`${at}.service: must be one of ${COMMUNITY_SERVICES.join(', ')}`);
    return service === undefined ? null : { system, destination: service };
  }
  onlyKeys(target, ['system', 'team'], at, problems);
  if (typeof target.team !== 'string' || !TEAM_CODE.test(target.team)) {
    problems.push(`${at}.team: must be the team's code at ${system} (capitals, digits and -, up to 20)`);
    return null;
  }
  return { system, destination: target.team };
}

function readRequires(requires: unknown, at: string, problems: string[]): RequirableField[] {
  if (requires === undefined) return [];
  if (!Array.isArray(requires)) {
    problems.push(`${at}: must be an array of ${REQUIRABLE_FIELDS.join(', ')}`);
    return [];
  }
  const fields: RequirableField[] = [];
  for (const [index, field] of requires.entries()) {
    const known = REQUIRABLE_FIELDS.find((candidate) => candidate === field);
    if (known === undefined) problems.push(`${at}[${index}]: must be one of ${REQUIRABLE_FIELDS.join(', ')}`);
    else if (!fields.includes(known)) fields.push(known);
  }
  return fields;
}

/** A misspelt key would be silently ignored: refused instead. */
function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], at: string, problems: string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${at === '' ? '' : `${at}.`}${key}: is not a setting of an onward service (${allowed.join(', ')})`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
