/**
 * Errors are values with a code and the place they happened. Every error the
 * gateway raises on purpose extends GatewayError; anything else is a bug and is
 * masked before it reaches a client.
 *
 * graphql-js copies an original error's `extensions` onto the GraphQLError it
 * wraps it in, so a GatewayError thrown from a resolver reaches the client as
 * `extensions.code` plus its details without any mapping layer.
 */
export abstract class GatewayError extends Error {
  abstract readonly code: string;

  protected constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  get extensions(): Record<string, unknown> {
    return { code: this.code, ...this.details };
  }
}

export class UnauthenticatedError extends GatewayError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
  }
}

export class ForbiddenError extends GatewayError {
  readonly code = 'FORBIDDEN';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

export class NotFoundError extends GatewayError {
  readonly code = 'NOT_FOUND';
  constructor(kind: string, id: string) {
    super(`${kind} ${id} was not found`, { kind, id });
  }
}

/** Input that is well-typed but not acceptable; `argument` is the path to it (`input.reason`). */
export class BadInputError extends GatewayError {
  readonly code = 'BAD_USER_INPUT';
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`, { argument });
  }
}

/** Configuration that cannot be used; raised at start-up, naming the variable. */
export class ConfigError extends GatewayError {
  readonly code = 'CONFIG_INVALID';
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`, { variable });
  }
}

/** Every bad setting found at start-up at once, so an operator fixes them in one go rather than one start per setting. */
export class ConfigErrors extends GatewayError {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly errors: readonly ConfigError[]) {
    super(`${errors.length} settings are wrong:\n${errors.map((error) => `  ${error.message}`).join('\n')}`, {
      variables: errors.map((error) => error.details.variable),
    });
  }
}

/** Thrown by `assertNever` when a switch meets a value its types said could not exist. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
