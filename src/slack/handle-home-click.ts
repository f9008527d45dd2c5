import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { CommandFlow } from '../core/commands/command-flow.js';
import { buildHomeView } from './build-home-view.js';
import { handleHomeApprovalClick } from './handle-home-approval-click.js';
import {
  HOME_APPROVE_ACTION_ID,
  HOME_CANCEL_ACTION_ID,
  HOME_FORM_ACTION_ID,
  HOME_REJECT_ACTION_ID,
  HOME_STORES_ACTION_ID,
  HOME_UNDRAIN_ACTION_ID,
  parseHomeButtonValue,
} from './home-button-value.js';
import { buildHomeRunModal } from './home-run-modal.js';
import { renderOutcomeMessage } from './render-outcome-message.js';
import type { SlackDeps } from './slack-deps.js';
import { withinSlackLimits } from './within-slack-limits.js';

type ClickArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * A click on Home. Reads (the Stores button) run at once for the clicker and are answered in the
 * app's DM with them; everything else opens the action's form with a channel to run it in (Undrain
 * and Cancel prefilled), since Home is no channel and a change must be seen by the team. Either way
 * the request goes through the command flow: validation, policy, approval, audit.
 */
export async function handleHomeClick(deps: SlackDeps, { body, action, client }: ClickArgs): Promise<void> {
  const userId = body.user.id;
  const correlationId = deps.newCorrelationId();
  const log = deps.logger.child({ correlationId, user: userId, actionId: action.action_id });
  const dm = dmChannelOf(body.view?.private_metadata) ?? userId;
  if (action.action_id === HOME_APPROVE_ACTION_ID || action.action_id === HOME_REJECT_ACTION_ID) {
    const approvalId = action.type === 'button' ? action.value : undefined;
    if (approvalId === undefined || approvalId === '') {
      log.warn({ decision: 'unknown_button' }, 'a Home approval button without an approval id');
      return;
    }
    try {
      await handleHomeApprovalClick(deps, {
        approvalId,
        kind: action.action_id === HOME_APPROVE_ACTION_ID ? 'approve' : 'reject',
        userId,
        dmChannelId: dm,
        correlationId,
      });
      // Drawn again so the decided request leaves the clicker's list.
      if (deps.home !== undefined) {
        const { view } = await buildHomeView(
          deps,
          deps.home,
          { userId, ...(dm.startsWith('D') && { dmChannelId: dm }) },
          correlationId,
        );
        await client.views.publish({ user_id: userId, view });
      }
    } catch (error) {
      log.error({ err: error, decision: 'internal_error' }, 'a Home approval click failed inside the bot');
    }
    return;
  }
  const raw =
    action.type === 'static_select'
      ? action.selected_option.value
      : action.type === 'button'
        ? action.value
        : undefined;
  const value = parseHomeButtonValue(raw);
  const definition = value !== undefined ? deps.registry.get(value.a) : undefined;
  const kind = homeClickKind(action.action_id);
  if (value === undefined || definition === undefined || kind === undefined) {
    log.warn(
      { decision: 'unknown_button', value: raw?.slice(0, 200) },
      'a Home button this version does not know',
    );
    return;
  }
  try {
    if (kind === 'read' && !definition.mutating) {
      const flow = new CommandFlow(deps);
      const ctx = flow.begin({ actor: { id: userId, source: 'slack' }, channelId: dm, correlationId });
      const step = flow.submit(ctx, {
        action: definition,
        raw: value.p ?? {},
        cluster: value.c,
        dryRun: false,
      });
      ctx.log.info(
        { decision: 'home_click', action: definition.name, cluster: value.c },
        'Home button: a read',
      );
      const outcome = step.kind === 'ready' ? await flow.execute(ctx, step.request) : step.outcome;
      // Posted to the user's id: Slack delivers it in the app's DM with them.
      await deps.postViaWebApi(
        { channelId: dm },
        withinSlackLimits(renderOutcomeMessage(outcome), correlationId),
      );
      return;
    }
    const target = deps.engine.targetOf(value.c);
    const view = buildHomeRunModal(
      definition,
      value.p ?? {},
      {
        from: 'home',
        action: definition.name,
        userId,
        cluster: value.c,
        issuedAt: deps.engine.clock.now().getTime(),
        ...(dm.startsWith('D') && { dm }),
      },
      target?.endpoint ?? '',
      deps.engine.clusters,
      deps.modalMetadataKey,
    );
    await client.views.open({ trigger_id: body.trigger_id, view });
    log.info(
      { decision: 'home_form_opened', action: definition.name, cluster: value.c, provided: value.p ?? {} },
      'Home button: the action form opened with a channel to run it in',
    );
  } catch (error) {
    log.error({ err: error, decision: 'internal_error' }, 'a Home click failed inside the bot');
  }
}

function homeClickKind(actionId: string): 'read' | 'form' | undefined {
  if (actionId === HOME_STORES_ACTION_ID) return 'read';
  if (
    actionId === HOME_FORM_ACTION_ID ||
    actionId.startsWith(`${HOME_UNDRAIN_ACTION_ID}:`) ||
    actionId.startsWith(`${HOME_CANCEL_ACTION_ID}:`)
  ) {
    return 'form';
  }
  return undefined;
}

/** The app DM's channel id that Home's private_metadata remembers from app_home_opened. */
function dmChannelOf(metadata: string | undefined): string | undefined {
  if (metadata === undefined || metadata === '') return undefined;
  try {
    const dm = (JSON.parse(metadata) as { dm?: unknown }).dm;
    return typeof dm === 'string' && /^D[A-Z0-9]{2,30}$/.test(dm) ? dm : undefined;
  } catch {
    return undefined;
  }
}
