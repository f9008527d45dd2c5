import type { Logger } from 'pino';

/** Resolves once pino's destination has written what it buffered (pino's default stdout buffers). */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    logger.flush((error) => (error ? reject(error) : resolve()));
  });
}
