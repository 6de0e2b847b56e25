/**
 * The gateway's configuration: the table of settings (config/settings.ts)
 * and what is read from it (config/load-config.ts).
 */
export * from './config/load-config.js';
export { SETTINGS, type Setting, type SettingName } from './config/settings.js';
