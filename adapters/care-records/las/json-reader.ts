/**
 * Reading LAS JSON: a cursor over a parsed body that knows its JSON path
 * (`people[3].case.status`), so that every problem is a LasJsonError naming
 * where it is. The translation (`translate.ts`) says what each message
 * holds; this says how a value is found and checked.
 *
 * Error messages name the place and what was expected, never the value
 * found: the values are people's details, and these messages are logged.
 *
 * Fields the contract does not name are ignored (LAS adds fields between
 * releases); a nullable field may be null or left out.
 */
import { GatewayError } from '../../../src/errors.js';
import type { Format } from '../../wire-formats.js';

/** A LAS body that is not the contract: not JSON, or JSON of the wrong shape. */
export class LasJsonError extends GatewayError {
  readonly code = 'LAS_JSON_INVALID';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`, { path });
  }
}

/** What the root is called in messages: a path of its own would be empty. */
const ROOT = 'body';

export class JsonCursor {
  private constructor(
    private readonly value: unknown,
    readonly path: string,
  ) {}

  /** The cursor at the root of a JSON text; throws LasJsonError when it is not JSON. */
  static parse(text: string): JsonCursor {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the text it met; only the fact is kept.
      throw new LasJsonError(ROOT, 'is not JSON');
    }
    return new JsonCursor(value, ROOT);
  }

  fail(reason: string): never {
    throw new LasJsonError(this.path, reason);
  }

  /** A required member of this object. */
  field(name: string): JsonCursor {
    const child = this.member(name);
    if (child.value === undefined) child.fail('is missing');
    if (child.value === null) child.fail('is null');
    return child;
  }

  /** A member of this object that may be null or absent: null then. */
  nullableField(name: string): JsonCursor | null {
    const child = this.member(name);
    return child.value === undefined || child.value === null ? null : child;
  }

  items(): JsonCursor[] {
    if (!Array.isArray(this.value)) this.fail('is not an array');
    return this.value.map((item, index) => new JsonCursor(item, `${this.path}[${index}]`));
  }

  /** A string with something in it besides white space. */
  text(): string {
    if (typeof this.value !== 'string' || this.value.trim() === '') this.fail('is not a non-empty string');
    return this.value;
  }

  /** A string in a format: a date, an NHS number, one of a vocabulary. */
  string<T>(format: Format<T>): T {
    const value = typeof this.value === 'string' ? format.read(this.value) : undefined;
    if (value === undefined) this.fail(`is not ${format.expected}`);
    return value;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('is not true or false');
    return this.value;
  }

  /** A finite number from `min` to `max`. */
  number(min: number, max: number): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value) || this.value < min || this.value > max) {
      this.fail(`is not a number from ${min} to ${max}`);
    }
    return this.value;
  }

  private member(name: string): JsonCursor {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.fail('is not a JSON object');
    const path = this.path === ROOT ? name : `${this.path}.${name}`;
    return new JsonCursor(Object.hasOwn(this.value, name) ? (this.value as Record<string, unknown>)[name] : undefined, path);
  }
}

