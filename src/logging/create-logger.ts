import { type DestinationStream, type Logger, pino } from 'pino';
import { logBounds } from './bound-log-value.js';

export interface LoggerOptions {
  readonly level: string;
  /** Exact values to scrub from every line, whatever field they end up in. */
  readonly secrets?: readonly string[];
  readonly destination?: DestinationStream;
}

// Slack tokens and response URLs (anyone holding one can post in the channel for 30 minutes) have a
// recognisable shape; scrub any that reach a log line by accident.
const TOKEN_PATTERN =
  /xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|https:\/\/hooks\.slack(?:-gov)?\.com\/[A-Za-z0-9/_-]+/g;

/**
 * JSON logs, one line per decision; secrets redacted by field name and by value; every line bounded
 * (log-limits.ts), whatever PD or Slack sent.
 */
export function createLogger(options: LoggerOptions): Logger {
  const rawSecrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const secrets = rawSecrets.map((s) => JSON.stringify(s).slice(1, -1));
  const scrub = (text: string): string => {
    let out = text.replace(TOKEN_PATTERN, '[REDACTED]');
    for (const secret of rawSecrets) out = out.replaceAll(secret, '[REDACTED]');
    return out;
  };
  const bounds = logBounds(scrub);
  return pino(
    {
      level: options.level,
      base: { service: 'tikv-chatops' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: bounds.serializeErr },
      formatters: {
        // `err` is left to its serializer, which runs after this.
        log: (object) =>
          Object.fromEntries(
            Object.entries(object).map(([key, value]) => [key, key === 'err' ? value : bounds.bound(value)]),
          ),
      },
      redact: {
        paths: [
          'token',
          '*.token',
          'botToken',
          'appToken',
          'signingSecret',
          '*.botToken',
          '*.appToken',
          '*.signingSecret',
          'headers.authorization',
          '*.headers.authorization',
        ],
        censor: '[REDACTED]',
      },
      hooks: {
        // The message (often an error's message) is a string argument, not a field: bound it too.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? bounds.clampString(arg) : arg)) as typeof args,
          );
        },
        streamWrite(line) {
          let out = line.replace(TOKEN_PATTERN, '[REDACTED]');
          for (const secret of secrets) out = out.replaceAll(secret, '[REDACTED]');
          return out;
        },
      },
    },
    options.destination,
  );
}
