import { pino } from 'pino';

/**
 * Structured JSON logs. The redact list is a second net: code never logs secrets, and if a
 * request body or header slips into a log line these paths are blanked anyway (SPEC §13).
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'lifeline' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.code',
        '*.last4',
        '*.postalCode',
        '*.line1',
        '*.factor',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
export type { Logger } from 'pino';
