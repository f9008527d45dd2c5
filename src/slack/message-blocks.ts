import type { types } from '@slack/bolt';
import type { ExecutionRequest, Target } from '../core/engine/outcome.js';
import { attemptsLine, clusterLabel } from './cluster-label.js';
import { MESSAGE_LIMITS } from './fit-slack-limits.js';
import {
  clampText,
  escapeMrkdwn,
  foreignValue,
  inlineCode,
  SECTION_TEXT_LIMIT,
  slackDate,
  userMention,
} from './mrkdwn.js';

// The blocks every message about a request shares: outcomes, approval requests and decisions.

type Block = types.KnownBlock;

const SIMULATOR_NOTE = ':test_tube: PD is the tikv-chatops *simulator*, not a real cluster';

/** Every section goes through here, so no text (policy lists, typed input) can break Slack's limit. */
export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clampText(text, SECTION_TEXT_LIMIT) } };
}

/**
 * The request as fields: its parameters, then PD and Risk, which are always kept. When an action
 * has more parameters than fit, the last slot says how many were left out instead of dropping PD.
 */
export function requestFields(request: ExecutionRequest, target: Target): Block {
  const params = Object.entries(request.action.parameters)
    .filter(([name]) => request.params[name] !== undefined)
    .map(([name, spec]) => ({
      type: 'mrkdwn' as const,
      text: clampText(
        `*${escapeMrkdwn(spec.label ?? name)}*\n${foreignValue(String(request.params[name]))}`,
        MESSAGE_LIMITS.fieldText,
      ),
    }));
  const reserved = [
    {
      type: 'mrkdwn' as const,
      text: `*Cluster*\n${clampText(clusterLabel(target), 300)}\nPD ${clampText(escapeMrkdwn(target.endpoint), 500)}`,
    },
    { type: 'mrkdwn' as const, text: `*Risk*\n${request.action.riskLevel}` },
  ];
  const room = MESSAGE_LIMITS.fields - reserved.length;
  const shown =
    params.length <= room
      ? params
      : [
          ...params.slice(0, room - 1),
          {
            type: 'mrkdwn' as const,
            text: `*More parameters*\n${params.length - (room - 1)} more not shown`,
          },
        ];
  return { type: 'section', fields: [...shown, ...reserved] };
}

export function context(request: ExecutionRequest, target: Target, at?: Date, durationMs?: number): Block {
  const parts = [
    `Requested by ${userMention(request.actor.id)}`,
    ...(request.approvedBy !== undefined ? [`approved by ${userMention(request.approvedBy)}`] : []),
    ...(at !== undefined ? [slackDate(at)] : []),
    ...(durationMs !== undefined ? [`${durationMs} ms`] : []),
    `correlation id ${inlineCode(request.correlationId)}`,
  ];
  const elements: { type: 'mrkdwn'; text: string }[] = [{ type: 'mrkdwn', text: parts.join(' · ') }];
  if (target.simulated) elements.push({ type: 'mrkdwn', text: SIMULATOR_NOTE });
  const attempts = attemptsLine(target);
  if (attempts !== undefined) elements.push({ type: 'mrkdwn', text: attempts });
  return { type: 'context', elements };
}
