/**
 * docs/configuration.md, written from the table of settings: one table per
 * area. It is generated (npm run docs:config) and the build checks it is
 * current, so the doc cannot drift from what the gateway reads.
 */
import { formatDuration } from '../duration.js';
import { SETTINGS, type Setting, type SettingArea } from './settings.js';

export const CONFIGURATION_DOC_PATH = 'docs/configuration.md';

const HEADER = `# Configuration

<!-- Generated from src/config/settings.ts by \`npm run docs:config\`: edit the table there, not this file. \`npm run build\` fails when this file is not current. -->

Every environment variable the gateway reads. A bad value stops start-up with
an error naming the variable; every bad setting is reported at once. Secrets
are never printed, not even in those errors.

A **real deployment** is a gateway on a shared PostgreSQL (\`DATABASE_URL\`)
taking real tokens (\`AUTH_MODE\` is not \`dev\`). The last column says what
changes there: a setting that becomes required, or a different default.
\`NODE_ENV=production\` (which \`npm run start:built\` sets) is separate: it
turns introspection and schema hints off.
`;

export function renderConfigurationDoc(): string {
  const areas = new Map<SettingArea, string[]>();
  for (const [name, setting] of Object.entries(SETTINGS) as [string, Setting][]) {
    const rows = areas.get(setting.area) ?? [];
    rows.push(row(name, setting));
    areas.set(setting.area, rows);
  }
  const sections = [...areas].map(
    ([area, rows]) => `## ${area}\n\n| variable | type | default | allowed | meaning | real deployment |\n| --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`,
  );
  return [HEADER, ...sections].join('\n');
}

function row(name: string, setting: Setting): string {
  const cells = [
    `\`${name}\`${setting.secret ? ' (secret)' : ''}`,
    typeOf(setting),
    setting.defaultText ?? defaultOf(setting),
    allowedOf(setting),
    setting.meaning,
    productionOf(setting),
  ];
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}

function typeOf(setting: Setting): string {
  return setting.type === 'integer' && setting.unit ? `integer (${setting.unit})` : setting.type;
}

function defaultOf(setting: Setting): string {
  if (setting.default === null) return 'unset';
  if (setting.type === 'duration') return `\`${formatDuration(setting.default)}\``;
  return `\`${String(setting.default)}\``;
}

function allowedOf(setting: Setting): string {
  switch (setting.type) {
    case 'integer':
      return `\`${setting.min}\`..\`${setting.max}\``;
    case 'duration':
      return `\`${formatDuration(setting.min)}\`..\`${formatDuration(setting.max)}\`: a whole number and \`s\`, \`m\`, \`h\` or \`d\``;
    case 'boolean':
      return '`true`/`false` (or `1`/`0`, `yes`/`no`, `on`/`off`)';
    case 'enum':
      return setting.allowed.map((value) => `\`${value}\``).join(', ');
    case 'string':
      if (setting.pattern) return setting.pattern.description;
      return setting.minLength === undefined ? '' : `${setting.minLength} characters or more`;
    case 'url':
      return 'a URL';
    case 'path':
      return 'a file path, from the working folder';
    case 'list':
    case 'json':
      return setting.format;
  }
}

function productionOf(setting: Setting): string {
  const rule = setting.production;
  if (!rule) return '';
  if ('required' in rule) return `required${rule.required}`;
  if ('default' in rule) return `default ${rule.default}`;
  return rule.note;
}
