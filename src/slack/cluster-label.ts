import type { Target } from '../core/engine/outcome.js';
import { describeAttempts } from '../core/pd/describe-attempts.js';
import { clampText, escapeMrkdwn, inlineCode } from './mrkdwn.js';

/** Production is never easy to miss: the siren is on every message about a production cluster. */
export const PRODUCTION_MARK = ':rotating_light: *production*';

/** `` `prod-east` :rotating_light: *production* ``: how every Slack message names a cluster. */
export function clusterLabel(target: Pick<Target, 'cluster' | 'production'>): string {
  return `${inlineCode(target.cluster)}${target.production ? ` ${PRODUCTION_MARK}` : ''}`;
}

/** The same in plain words, for notification text and confirm dialogs. */
export function clusterWords(target: Pick<Target, 'cluster' | 'production'>): string {
  return `cluster ${escapeMrkdwn(target.cluster)}${target.production ? ' (PRODUCTION)' : ''}`;
}

/**
 * Which endpoints were tried and how each went, when the answer did not simply come from the
 * first one; undefined otherwise.
 */
export function attemptsLine(target: Target): string | undefined {
  if (target.attempts === undefined || target.attempts.length === 0) return undefined;
  return `:twisted_rightwards_arrows: PD endpoints tried: ${clampText(escapeMrkdwn(describeAttempts(target.attempts)), 1500)}`;
}
