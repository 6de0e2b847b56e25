/**
 * Reading an outside system's JSON (LAS's, community health's FHIR): a cursor
 * over a parsed body that knows its JSON path (`people[3].case.status`), so
 * that every problem is the system's own error naming where it is. Each
 * translation says what its messages hold; this says how a value is found
 * and checked.
 *
 * Error messages name the place and what was expected, never the value
 * found: the values are people's details, and these messages are logged.
 *
 * Fields the contract does not name are ignored (systems add fields between
 * releases); a nullable field may be null or left out.
 */
import type { Format } from './wire-formats.js';

/** Makes the system's own error for a body that is not its contract, at `path`. */
export type JsonProblem = (path: string, reason: string) => Error;

/** What the root is called in messages: a path of its own would be empty. */
const ROOT = 'body';

export class JsonCursor {
  private constructor(
    private readonly value: unknown,
    readonly path: string,
    private readonly problem: JsonProblem,
  ) {}

  /** The cursor at the root of a JSON text; throws `problem`'s error when it is not JSON. */
  static parse(text: string, problem: JsonProblem): JsonCursor {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the text it met; only the fact is kept.
      throw problem(ROOT, 'is not JSON');
    }
    return new JsonCursor(value, ROOT, problem);
  }

  fail(reason: string): never {
    throw this.problem(this.path, reason);
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
    return this.value.map((item, index) => new JsonCursor(item, `${this.path}[${index}]`, this.problem));
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
    return new JsonCursor(Object.hasOwn(this.value, name) ? (this.value as Record<string, unknown>)[name] : undefined, path, this.problem);
  }
}

