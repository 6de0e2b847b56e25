/**
 * Reads settings from the environment by their row in the table, checking
 * each against its type and range. A bad value is noted, not thrown, so that
 * start-up reports every bad setting at once rather than one per attempt.
 */
import { resolve } from 'node:path';
import { formatDuration, parseDuration } from '../duration.js';
import { ConfigError, ConfigErrors } from '../errors.js';
import { SETTINGS, type EnumValue, type Setting, type SettingName, type SettingNameOf, type StringSetting } from './settings.js';

export type Env = Readonly<Record<string, string | undefined>>;

type StringValue<K extends SettingNameOf<'string'>> = (typeof SETTINGS)[K]['default'] extends null ? string | null : string;

export class SettingReader {
  private readonly problems = new Map<string, ConfigError>();

  constructor(private readonly env: Env) {}

  /** The text set, trimmed; null when unset or blank. */
  raw(name: SettingName): string | null {
    const value = this.env[name]?.trim();
    return value ? value : null;
  }

  string<K extends SettingNameOf<'string'>>(name: K, fallback?: string): StringValue<K> {
    const setting: StringSetting = SETTINGS[name];
    const byDefault = fallback ?? setting.default;
    const raw = this.raw(name) ?? byDefault;
    if (raw === null) return raw as StringValue<K>;
    if (setting.pattern && !setting.pattern.test.test(raw)) return this.refuse(name, `${this.shown(name, raw)} must be ${setting.pattern.description}`, byDefault) as StringValue<K>;
    if (setting.minLength !== undefined && raw.length < setting.minLength) {
      return this.refuse(name, `must be at least ${setting.minLength} characters`, byDefault) as StringValue<K>;
    }
    return raw;
  }

  /** Resolved against the working folder. */
  path(name: SettingNameOf<'path'>): string | null {
    const raw = this.raw(name) ?? SETTINGS[name].default;
    return raw === null ? null : resolve(raw);
  }

  integer(name: SettingNameOf<'integer'>): number {
    const { default: fallback, min, max } = SETTINGS[name];
    const raw = this.raw(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw)) return this.refuse(name, `${this.shown(name, raw)} is not a whole number`, fallback);
    const value = Number(raw);
    if (value < min || value > max) return this.refuse(name, `${value} is outside ${min}..${max}`, fallback);
    return value;
  }

  /** Seconds, written with a unit: `30m`, `12h` (see duration.ts). */
  duration(name: SettingNameOf<'duration'>): number {
    const { default: fallback, min, max } = SETTINGS[name];
    const raw = this.raw(name);
    if (raw === null) return fallback;
    const seconds = parseDuration(raw);
    if (seconds === null) return this.refuse(name, `${this.shown(name, raw)} is not a duration: a whole number and s, m, h or d (30m, 12h)`, fallback);
    if (seconds < min || seconds > max) return this.refuse(name, `${raw} is outside ${formatDuration(min)}..${formatDuration(max)}`, fallback);
    return seconds;
  }

  boolean(name: SettingNameOf<'boolean'>, fallback: boolean = SETTINGS[name].default): boolean {
    const raw = this.raw(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    return this.refuse(name, `${this.shown(name, raw)} is not true or false`, fallback);
  }

  oneOf<K extends SettingNameOf<'enum'>>(name: K, fallback: EnumValue<K> = SETTINGS[name].default): EnumValue<K> {
    const allowed: readonly string[] = SETTINGS[name].allowed;
    const raw = this.raw(name);
    if (raw === null) return fallback;
    if (!allowed.includes(raw)) return this.refuse(name, `${this.shown(name, raw)} is not one of ${allowed.join(', ')}`, fallback);
    return raw as EnumValue<K>;
  }

  url(name: SettingNameOf<'url'>): URL | null {
    const raw = this.raw(name);
    if (raw === null) return null;
    try {
      return new URL(raw);
    } catch {
      return this.refuse(name, `${this.shown(name, raw)} is not a URL`, null);
    }
  }

  /** A setting with a shape of its own, read by `parse`, which throws a ConfigError naming what is wrong. */
  parsed<T>(name: SettingNameOf<'list' | 'json'>, parse: (raw: string) => T): T | null {
    const raw = this.raw(name);
    if (raw === null) return null;
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.note(error);
      return null;
    }
  }

  /** A setting a real deployment needs: the table says why. */
  requireInRealDeployment(name: SettingName, value: unknown, realDeployment: boolean): void {
    if (value === null && realDeployment) this.refuse(name, `must be set when DATABASE_URL is set${this.whyRequired(name)}`, null);
  }

  whyRequired(name: SettingName): string {
    const { production }: Setting = SETTINGS[name];
    return production && 'required' in production ? production.required : '';
  }

  /** Notes what is wrong with a setting, unless something is already: one bad value, one line. */
  refuse<T>(name: string, message: string, fallback: T): T {
    this.note(new ConfigError(name, message));
    return fallback;
  }

  /** The configuration read, or every problem found while reading it. */
  finish<T>(config: T): T {
    const [first, ...more] = this.problems.values();
    if (first && more.length > 0) throw new ConfigErrors([first, ...more]);
    if (first) throw first;
    return config;
  }

  private note(error: ConfigError): void {
    const variable = String(error.details.variable);
    if (!this.problems.has(variable)) this.problems.set(variable, error);
  }

  /** A secret's value is never repeated back, even a wrong one: error messages reach logs. */
  private shown(name: SettingName, raw: string): string {
    const setting: Setting = SETTINGS[name];
    return setting.secret ? 'the value' : `"${raw}"`;
  }
}
