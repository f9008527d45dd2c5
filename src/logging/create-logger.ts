import { type DestinationStream, type Logger, pino } from 'pino';

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

/** JSON logs, one line per decision; secrets redacted by field name and by value. */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? [])
    .filter((s) => s.length >= 6)
    .map((s) => JSON.stringify(s).slice(1, -1));
  return pino(
    {
      level: options.level,
      base: { service: 'tikv-chatops' },
      timestamp: pino.stdTimeFunctions.isoTime,
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
