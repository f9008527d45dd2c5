import type { types } from '@slack/bolt';
import { commandName } from '../core/actions/action-definition.js';
import type { Approval, UndoOrigin } from '../core/approvals/approval-store.js';
import type { Outcome } from '../core/engine/outcome.js';
import { escapeMrkdwn, inlineCode, userMention } from './mrkdwn.js';
import type { SlackDeps } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';
import { withoutUndoButtons } from './undo-button.js';
import { withinSlackLimits } from './within-slack-limits.js';

type Block = types.KnownBlock;

/** Notes saying an undo waits for approval: one per approval, all dropped once the undo is spent. */
const PENDING_NOTE_PREFIX = 'tikv:undo-pending:';
/** Slack honours a response_url for 30 minutes; a margin for clock skew and slow requests. */
const RESPONSE_URL_LIFE_MS = 29 * 60_000;

/** What a result message said, as Slack echoed it with the click. */
export interface OriginContent {
  readonly text?: string;
  readonly blocks: readonly unknown[];
}

function readContent(content: unknown): OriginContent | undefined {
  const c = content as { text?: unknown; blocks?: unknown } | undefined;
  if (c === undefined || !Array.isArray(c.blocks)) return undefined;
  return { blocks: c.blocks, ...(typeof c.text === 'string' && { text: c.text }) };
}

function withoutPendingNotes(blocks: readonly unknown[]): unknown[] {
  return blocks.filter((b) => {
    const id = (b as { block_id?: unknown }).block_id;
    return !(typeof id === 'string' && id.startsWith(PENDING_NOTE_PREFIX));
  });
}

function note(blockId: string | undefined, text: string): Block {
  return {
    type: 'context',
    ...(blockId !== undefined && { block_id: blockId }),
    elements: [{ type: 'mrkdwn', text }],
  };
}

/** The original message to remember with the approval: as echoed, without notes of other approvals. */
export function undoOriginOf(input: {
  readonly channelId?: string;
  readonly ts?: string;
  readonly responseUrl?: string;
  readonly message?: { readonly text?: string; readonly blocks?: readonly unknown[] };
}): UndoOrigin {
  const blocks = input.message?.blocks;
  return {
    ...(input.channelId !== undefined && { channelId: input.channelId }),
    ...(input.ts !== undefined && { ts: input.ts }),
    ...(input.responseUrl !== undefined && { responseUrl: input.responseUrl }),
    ...(blocks !== undefined && {
      content: {
        blocks: withoutPendingNotes(blocks),
        ...(input.message?.text !== undefined && { text: input.message.text }),
      } satisfies OriginContent,
    }),
  };
}

/**
 * The original result while its undo waits for approval: everything as it was, the button too (the
 * approval may be rejected or expire, and someone may try again), plus a line saying who asked.
 * Pure; undefined when Slack did not echo the message.
 */
export function pendingUndoMessage(
  message: { readonly text?: string; readonly blocks?: readonly unknown[] } | undefined,
  pending: {
    readonly userId: string;
    readonly label: string;
    readonly approvalId: string;
    readonly correlationId: string;
  },
): SlackMessage | undefined {
  if (message?.blocks === undefined) return undefined;
  const line = `:hourglass_flowing_sand: ${escapeMrkdwn(pending.label)} requested by ${userMention(pending.userId)} — waiting for approval (correlation id ${inlineCode(pending.correlationId)})`;
  return withinSlackLimits(
    {
      text: message.text || `${pending.label} requested; waiting for approval`,
      blocks: [...(message.blocks as Block[]), note(`${PENDING_NOTE_PREFIX}${pending.approvalId}`, line)],
    },
    pending.correlationId,
  );
}

/**
 * Why the button has no more use after this outcome: PD accepted the undo, or said there is
 * nothing left to undo. Undefined otherwise (denied, waiting for approval, PD failed otherwise):
 * the button stays so someone may try again.
 */
export function spentBecause(outcome: Outcome | undefined): string | undefined {
  if (outcome === undefined) return undefined;
  if (outcome.kind === 'ok') return `PD answered HTTP ${outcome.response.status}`;
  if (outcome.kind !== 'pd_error' || outcome.error.code !== 'PD_HTTP_ERROR') return undefined;
  const known = outcome.request.action.presentError?.(outcome.error, outcome.request.params);
  return known?.nothingToDo ? `${known.summary} (PD answered HTTP ${outcome.error.status})` : undefined;
}

/** Edits the original message: its response_url while it lives, else chat.update by ts. */
export async function editOrigin(
  deps: Pick<SlackDeps, 'postToResponseUrl' | 'updateViaWebApi'>,
  route: {
    readonly respond?: (message: SlackMessage) => Promise<unknown>;
    readonly channelId?: string;
    readonly ts?: string;
  },
  message: SlackMessage,
): Promise<void> {
  if (route.respond !== undefined) {
    try {
      await route.respond(message);
      return;
    } catch (error) {
      if (route.channelId === undefined || route.ts === undefined) throw error;
    }
  }
  if (route.channelId === undefined || route.ts === undefined) {
    throw new Error('neither a live response_url nor a channel and ts to edit the message by');
  }
  await deps.updateViaWebApi({ channelId: route.channelId, ts: route.ts }, message);
}

/**
 * After an undo's approval was decided: approved and spent (PD accepted it, or there was nothing
 * left to undo), the original result loses its button and says who ran what with whose approval;
 * rejected or expired, its "waiting" line says so and the button stays. Never throws: the decision message is
 * already out, and an original that could not be edited is a log line.
 */
export async function settleUndoOrigin(
  deps: Pick<SlackDeps, 'postToResponseUrl' | 'updateViaWebApi' | 'engine' | 'logger'>,
  approval: Approval,
  outcome: Outcome | undefined,
): Promise<void> {
  const origin = approval.undoOrigin;
  if (origin === undefined || approval.undoOf === undefined) return;
  const log = deps.logger.child({ correlationId: approval.correlationId, approvalId: approval.id });
  const content = readContent(origin.content);
  const spent =
    approval.state === 'executed' || approval.state === 'failed' ? spentBecause(outcome) : undefined;
  const name = commandName({ name: approval.actionName });
  let blocks: unknown[];
  if (spent !== undefined && content !== undefined) {
    blocks = [
      ...withoutUndoButtons(withoutPendingNotes(content.blocks)),
      note(
        undefined,
        `:leftwards_arrow_with_hook: ${userMention(approval.requesterId)} ran *${escapeMrkdwn(name)}* from this message, approved by ${userMention(approval.decidedBy ?? '?')}: ${escapeMrkdwn(spent)} · correlation id ${inlineCode(approval.correlationId)}`,
      ),
    ];
  } else if ((approval.state === 'rejected' || approval.state === 'expired') && content !== undefined) {
    const ended =
      approval.state === 'rejected'
        ? `was rejected by ${userMention(approval.decidedBy ?? '?')}`
        : 'expired: nobody approved it in time';
    blocks = [
      ...withoutPendingNotes(content.blocks),
      note(
        `${PENDING_NOTE_PREFIX}${approval.id}`,
        `:no_entry: *${escapeMrkdwn(name)}* requested by ${userMention(approval.requesterId)} ${ended} (correlation id ${inlineCode(approval.correlationId)})`,
      ),
    ];
  } else {
    if (spent !== undefined) {
      log.warn(
        { decision: 'undo_button_kept' },
        'the original message was not kept with the approval; its button stays',
      );
    }
    return;
  }
  const message = withinSlackLimits(
    { text: content.text || `${name} was run from this message`, blocks: blocks as Block[] },
    approval.correlationId,
  );
  const url = origin.responseUrl;
  const fresh =
    url !== undefined &&
    deps.engine.clock.now().getTime() - approval.createdAt.getTime() < RESPONSE_URL_LIFE_MS;
  try {
    await editOrigin(
      deps,
      {
        ...(fresh && {
          respond: (m: SlackMessage) =>
            deps.postToResponseUrl(url, { response_type: 'in_channel', replace_original: true, ...m }),
        }),
        ...(origin.channelId !== undefined && { channelId: origin.channelId }),
        ...(origin.ts !== undefined && { ts: origin.ts }),
      },
      message,
    );
  } catch (error) {
    log.warn({ err: error, decision: 'undo_button_kept' }, 'could not edit the message the undo came from');
    return;
  }
  log.info(
    spent !== undefined
      ? { decision: 'undo_button_removed', undoOf: approval.undoOf, approved: true }
      : { decision: 'undo_not_approved_noted', undoOf: approval.undoOf, state: approval.state },
    spent !== undefined
      ? 'the undo button was taken off after the approved undo ran'
      : 'the original says the undo was not approved; its button stays',
  );
}
