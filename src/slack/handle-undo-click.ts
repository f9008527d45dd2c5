import type { types } from '@slack/bolt';
import { commandName } from '../core/actions/action-definition.js';
import type { CommandFlow } from '../core/commands/command-flow.js';
import type { ExecutionRequest } from '../core/engine/outcome.js';
import { escapeMrkdwn, inlineCode, userMention } from './mrkdwn.js';
import { renderInvalidInput } from './render-outcome-message.js';
import { reportExecution } from './report-execution.js';
import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';
import { readUndoValue, UNDO_ACTION_ID, withoutUndoButtons } from './undo-button.js';
import { editOrigin, pendingUndoMessage, spentBecause, undoOriginOf } from './undo-origin.js';
import { refusesUnsharedWrite, UNSHARED_WRITE_TEXT } from './unshared-write-refusal.js';
import { withinSlackLimits } from './within-slack-limits.js';

export interface UndoClick {
  readonly userId: string;
  readonly channelId?: string;
  readonly value?: string;
  readonly correlationId: string;
  /** Slack's trigger_id for this click: the same again is a replay or a redelivery. */
  readonly replayKey: string;
  /** The ts of the message that carries the button, for chat.update when the response_url fails. */
  readonly messageTs?: string;
  /** That message as Slack echoed it, so the button can be taken off it and nothing else changed. */
  readonly message?: { readonly text?: string; readonly blocks?: readonly unknown[] };
  /** The click's response_url, kept with an approval the click asks for (to edit the message later). */
  readonly responseUrl?: string;
  /** The click's response_url. */
  readonly respond: (message: ResponseUrlMessage) => Promise<unknown>;
  readonly tellClicker: (message: SlackMessage) => Promise<unknown>;
}

/**
 * Cancel or Undrain under a write's result: the undo action runs for the person who clicked,
 * through the same flow as the typed command (validation, cluster choice, policy, approval, audit),
 * never a shortcut. The button's value is signed by the bot and still validated as if typed; a
 * replayed click runs nothing. The result is posted for the channel like any write; once PD has
 * accepted the undo, or said there is nothing left to undo, the button is taken off the original.
 */
export async function handleUndoClick(deps: SlackDeps, flow: CommandFlow, click: UndoClick): Promise<void> {
  const ctx = flow.begin({
    actor: { id: click.userId, source: 'slack' },
    ...(click.channelId !== undefined && { channelId: click.channelId }),
    correlationId: click.correlationId,
  });
  const claim = await deps.replayGuard.claim(`undo_click:${click.replayKey}`, ctx.correlationId);
  if (!claim.first) {
    ctx.log.warn(
      { decision: 'duplicate', firstCorrelationId: claim.correlationId },
      'this click was already received; not run again',
    );
    await click.tellClicker({
      text: `:repeat: This click was already received (correlation id \`${claim.correlationId}\`); it was not run again.`,
      blocks: [],
    });
    return;
  }
  if (refusesUnsharedWrite(claim, { mutating: true }, false)) {
    ctx.log.warn({ decision: 'redis_refused' }, 'an undo click without the shared replay claim');
    await click.tellClicker({ text: UNSHARED_WRITE_TEXT, blocks: [] });
    return;
  }
  const read = readUndoValue(click.value, deps.modalMetadataKey);
  const action = read.ok ? deps.registry.get(read.value.a) : undefined;
  // Every undo is a write; a signed value naming anything else is a bug, refused all the same.
  if (!read.ok || action === undefined || !action.mutating) {
    ctx.log.warn(
      {
        decision: 'undo_refused',
        problem: read.ok ? 'UNDO_ACTION_UNKNOWN' : read.problem,
        value: click.value?.slice(0, 200),
      },
      'not an undo button this bot made; nothing sent to PD',
    );
    await click.tellClicker({
      text: ':no_entry: Not done: this button was not made by this bot, or was changed. Nothing was sent to PD.',
      blocks: [],
    });
    return;
  }
  const { value } = read;
  const step = flow.submit(ctx, { action, raw: value.p, cluster: value.c, dryRun: false });
  if (step.kind !== 'ready') {
    await click.tellClicker(renderInvalidInput(step.outcome));
    return;
  }
  const request: ExecutionRequest = { ...step.request, undoOf: value.o };
  ctx.log.info(
    { decision: 'undo_click', action: action.name, cluster: request.cluster, undoOf: value.o },
    `${commandName(action)} from an undo button`,
  );
  const outcome = await flow.execute(ctx, request);
  // Kept before anyone hears of the approval, so whoever approves it can take the button off.
  const origin =
    outcome.kind === 'needs_approval'
      ? await deps.approvals.attachUndoOrigin(
          outcome.approvalId,
          undoOriginOf({
            ...(click.channelId !== undefined && { channelId: click.channelId }),
            ...(click.messageTs !== undefined && { ts: click.messageTs }),
            ...(click.responseUrl !== undefined && { responseUrl: click.responseUrl }),
            ...(click.message !== undefined && { message: click.message }),
          }),
        )
      : undefined;
  // A new message for the channel: the original result stays, with its button until it is spent.
  await reportExecution(deps, request, outcome, (message) =>
    click.respond({ ...message, replace_original: false }),
  );
  if (outcome.kind === 'needs_approval') {
    await notePendingUndo(deps, ctx.log, click, {
      label: buttonLabel(click.message?.blocks) ?? commandName(action),
      approvalId: outcome.approvalId,
      correlationId: request.correlationId,
      remembered: origin !== undefined,
    });
  }
  const spent = spentBecause(outcome);
  if (spent === undefined) {
    ctx.log.info(
      { decision: 'undo_button_kept', outcome: outcome.kind },
      'the undo did not happen; its button stays for another try',
    );
    return;
  }
  await takeButtonOff(deps, ctx.log, click, request, spent);
}

/** The undo button's own words (Cancel, Undrain) on the message Slack echoed. */
function buttonLabel(blocks: readonly unknown[] | undefined): string | undefined {
  for (const block of blocks ?? []) {
    for (const element of (block as { elements?: unknown[] }).elements ?? []) {
      const e = element as { action_id?: unknown; text?: { text?: unknown } };
      if (e.action_id === UNDO_ACTION_ID && typeof e.text?.text === 'string') return e.text.text;
    }
  }
  return undefined;
}

/**
 * The undo waits for a second person: the original result says so under its button, which stays
 * (the approval may be rejected or expire). A failed edit is a log line; the request is posted.
 */
async function notePendingUndo(
  deps: SlackDeps,
  log: SlackDeps['logger'],
  click: UndoClick,
  pending: { label: string; approvalId: string; correlationId: string; remembered: boolean },
): Promise<void> {
  const message = pendingUndoMessage(click.message, { userId: click.userId, ...pending });
  if (message === undefined) {
    log.warn(
      { decision: 'undo_pending_not_noted' },
      'Slack did not echo the message; it says nothing of the approval',
    );
    return;
  }
  try {
    await editOrigin(
      deps,
      {
        respond: (m) => click.respond({ response_type: 'in_channel', replace_original: true, ...m }),
        ...(click.channelId !== undefined && { channelId: click.channelId }),
        ...(click.messageTs !== undefined && { ts: click.messageTs }),
      },
      message,
    );
  } catch (error) {
    log.warn(
      { err: error, decision: 'undo_pending_not_noted' },
      'could not note the approval on the message',
    );
    return;
  }
  log.info(
    { decision: 'undo_pending_noted', approvalId: pending.approvalId, originKept: pending.remembered },
    'the original result says its undo waits for approval',
  );
}

async function takeButtonOff(
  deps: SlackDeps,
  log: SlackDeps['logger'],
  click: UndoClick,
  request: ExecutionRequest,
  why: string,
): Promise<void> {
  const blocks = click.message?.blocks;
  if (blocks === undefined) {
    log.warn({ decision: 'undo_button_kept' }, 'Slack did not echo the message; its button stays');
    return;
  }
  const note: types.KnownBlock = {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `:leftwards_arrow_with_hook: ${userMention(click.userId)} ran *${commandName(request.action)}* from this message: ${escapeMrkdwn(why)} · correlation id ${inlineCode(request.correlationId)}`,
      },
    ],
  };
  const message = withinSlackLimits(
    {
      text: click.message?.text || `${commandName(request.action)} was run from this message`,
      blocks: [...(withoutUndoButtons(blocks) as types.KnownBlock[]), note],
    },
    request.correlationId,
  );
  try {
    await click.respond({ response_type: 'in_channel', replace_original: true, ...message });
  } catch (error) {
    if (click.channelId === undefined || click.messageTs === undefined) {
      log.warn({ err: error, decision: 'undo_button_kept' }, 'could not take the button off the message');
      return;
    }
    try {
      await deps.updateViaWebApi({ channelId: click.channelId, ts: click.messageTs }, message);
    } catch (updateError) {
      log.warn(
        { err: updateError, decision: 'undo_button_kept' },
        'could not take the button off the message',
      );
      return;
    }
  }
  log.info({ decision: 'undo_button_removed', undoOf: request.undoOf }, 'the undo button was taken off');
}
