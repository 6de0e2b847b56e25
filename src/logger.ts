import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Code never logs request bodies, variables or results;
 * redaction and the error serializer are the second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'care-gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token', '*.token'],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
  });
}

// Where database errors carry the values of the query that failed: PGlite
// puts the SQL and its parameters on the error, PostgreSQL the offending row
// in `detail` and `where`. Parameters are people's names, dates of birth, NHS
// numbers.
const VALUE_BEARING_FIELDS = ['query', 'params', 'parameters', 'detail', 'where', 'hint', 'internalQuery'];

/** pino's error serializer, less anything that can carry a person's data. */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of VALUE_BEARING_FIELDS) delete serialized[field];
  // SQLSTATE class 22 (data exception) messages quote the value they refused.
  const code = serialized.code;
  if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) {
    const message = `data exception (SQLSTATE ${code}); the value is not logged`;
    serialized.message = message;
    if (typeof serialized.stack === 'string') serialized.stack = serialized.stack.replace(/^.*\n/, `Error: ${message}\n`);
  }
  return serialized;
}
