import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

const TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt's and the Slack SDK's own log lines go through pino, so they are JSON and redacted too. */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) => {
    const [first, ...rest] = args;
    if (first instanceof Error) log[level]({ err: first, extra: rest }, first.message);
    else log[level]({ extra: rest.length ? rest : undefined }, String(first));
  };
  return {
    debug: (...args) => write('debug', args),
    info: (...args) => write('info', args),
    warn: (...args) => write('warn', args),
    error: (...args) => write('error', args),
    setLevel: (level) => {
      log.level = TO_PINO[level] ?? 'info';
    },
    getLevel: () =>
      (Object.entries(TO_PINO).find(([, v]) => v === log.level)?.[0] as LogLevel) ?? LogLevel.INFO,
    setName: () => {},
  };
}
