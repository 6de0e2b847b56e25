/**
 * A piece of SQL whose values are kept apart from its text, written as a
 * tagged template: sql`status = ${status}`. Where each value goes is known
 * from the template itself, never found by scanning the text, so SQL that
 * uses `?` itself (jsonb's `?`, `?|` and `?&` operators) is left as written.
 */
export class SqlFragment {
  /** One more text than values: text[0], values[0], text[1], ... text[n]. */
  private constructor(
    readonly text: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** A value that is itself a fragment is spliced in, its values keeping their places. */
  static of(strings: readonly string[], values: readonly unknown[]): SqlFragment {
    const text = [strings[0]!];
    const flat: unknown[] = [];
    values.forEach((value, i) => {
      if (value instanceof SqlFragment) {
        text[text.length - 1] += value.text[0]!;
        flat.push(...value.values);
        text.push(...value.text.slice(1));
      } else {
        flat.push(value);
        text.push('');
      }
      text[text.length - 1] += strings[i + 1]!;
    });
    return new SqlFragment(text, flat);
  }

  /**
   * The text with each value's placeholder, as `placeholder` gives it, called
   * once per value in order of appearance.
   */
  render(placeholder: (value: unknown) => string): string {
    return this.values.reduce<string>((sqlText, value, i) => sqlText + placeholder(value) + this.text[i + 1]!, this.text[0]!);
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  return SqlFragment.of(strings, values);
}

/**
 * SQL text the code itself chose (a column name, a sort expression), to
 * splice into a fragment as text: an interpolated string is a value. Never
 * for anything a caller supplied.
 */
export function rawSql(text: string): SqlFragment {
  return SqlFragment.of([text], []);
}
