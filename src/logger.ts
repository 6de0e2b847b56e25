import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Redaction is a second line of defence: code never logs
 * request bodies, variables or results, but if a header or token ever reaches
 * a log call it is censored.
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
  });
}
