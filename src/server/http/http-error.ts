import { GatewayError } from '../../errors.js';

/** An error with an HTTP status, raised before a request reaches GraphQL. */
export class HttpError extends GatewayError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
