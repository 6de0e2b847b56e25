import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOnwardServices, parseOnwardServices } from '../../src/onward/onward-services.js';
import { ConfigError } from '../../src/errors.js';

const problemsOf = (json: unknown): string => {
  try {
    parseOnwardServices(json, 'kinds.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the file was taken');
};

describe('the onward services file', () => {
  test('the project ships a default that reads: every kind the issue names, each to a target', async () => {
    const services = await loadOnwardServices(null);
    expect(services.map((service) => service.kind)).toEqual(['CARERS_SUPPORT', 'FINANCE_AND_BENEFITS', 'DISTRICT_NURSING', 'COMMUNITY_THERAPY', 'OT_ASSESSMENT']);
    expect(services[0]).toEqual({ kind: 'CARERS_SUPPORT', name: "Carers' support", system: 'LAS', destination: 'CARERS-SUPPORT', requires: ['reason'] });
    expect(services[2]).toMatchObject({ system: 'COMMUNITY_HEALTH', destination: 'DISTRICT_NURSING' });
  });

  test('ONWARD_SERVICES_FILE replaces it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onward-'));
    const file = join(dir, 'kinds.json');
    await writeFile(file, JSON.stringify({ services: [{ kind: 'SIGHT_LOSS', name: 'Sensory team', target: { system: 'CAREFIRST', team: 'SENSORY' } }] }));
    await expect(loadOnwardServices(file)).resolves.toEqual([{ kind: 'SIGHT_LOSS', name: 'Sensory team', system: 'CAREFIRST', destination: 'SENSORY', requires: [] }]);
  });

  test('a file that cannot be read, or is not JSON, stops start-up naming the setting', async () => {
    await expect(loadOnwardServices('/nowhere/kinds.json')).rejects.toThrow('ONWARD_SERVICES_FILE: cannot read /nowhere/kinds.json (ENOENT)');
    const dir = await mkdtemp(join(tmpdir(), 'onward-'));
    await writeFile(join(dir, 'bad.json'), '{ "services": [');
    await expect(loadOnwardServices(join(dir, 'bad.json'))).rejects.toThrow(/^ONWARD_SERVICES_FILE: .*bad\.json is not JSON$/);
  });

  test('every problem is named at once, by its JSON path', () => {
    const message = problemsOf({
      services: [
        { kind: 'carers', name: '', target: { system: 'LAS', team: 'carers team' }, requires: ['reason', 'nhsNumber'] },
        { kind: 'DN', name: 'District nursing', target: { system: 'COMMUNITY_HEALTH', service: 'NURSING' } },
        { kind: 'OT', name: 'OT', target: { system: 'MOSAIC', team: 'OT' } },
        { kind: 'FAB', name: 'Finance', target: { system: 'CAREFIRST', team: 'FAB' }, requred: ['reason'] },
        { kind: 'FAB', name: 'Finance again', target: { system: 'CAREFIRST', team: 'FAB2' } },
        { kind: 'TH', name: 'Therapy', target: { system: 'COMMUNITY_HEALTH', service: 'COMMUNITY_THERAPY' } },
      ],
    });
    expect(message).toMatch(/^ONWARD_SERVICES_FILE: kinds\.json: /);
    for (const problem of [
      'services[0].kind: must be a code',
      'services[0].name: must be text',
      'services[0].requires[1]: must be one of reason, details',
      'services[0].target.team: must be the team\'s code at LAS',
      'services[1].target.service: must be one of DISTRICT_NURSING, COMMUNITY_THERAPY, OTHER',
      'services[2].target.system: must be one of LAS, CAREFIRST, COMMUNITY_HEALTH',
      'services[3].requred: is not a setting of an onward service',
      'services[5].requires: must include reason for a COMMUNITY_HEALTH target',
    ]) {
      expect(message).toContain(problem);
    }
  });

  test('a kind named twice is refused', () => {
    const twice = { kind: 'FAB', name: 'Finance', target: { system: 'CAREFIRST', team: 'FAB' } };
    expect(problemsOf({ services: [twice, twice] })).toContain('services[1].kind: FAB is named twice');
  });

  test.each([[null], [[]], [{ services: [] }], [{ kinds: [] }]])('%p is no list of services', (json) => {
    expect(problemsOf(json)).toContain('services: must be a non-empty array');
  });
});
