import type { Target } from '../core/engine/outcome.js';
import { describeAttempts } from '../core/pd/describe-attempts.js';
import { printable } from './text-style.js';

/** Production is marked wherever the console names a cluster. */
export const PRODUCTION_MARKER = '[production]';

/** `cluster prod-east [production]`: how the console names a cluster. */
export function clusterText(target: Pick<Target, 'cluster' | 'production'>): string {
  return `cluster ${printable(target.cluster)}${target.production ? ` ${PRODUCTION_MARKER}` : ''}`;
}

/** The endpoints tried, when the answer did not simply come from the first one. */
export function attemptsText(target: Target): string | undefined {
  if (target.attempts === undefined || target.attempts.length === 0) return undefined;
  return printable(describeAttempts(target.attempts));
}
