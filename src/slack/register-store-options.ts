import type { App } from '@slack/bolt';
import { parameterNameOf, VALUE_ACTION_ID } from './params-modal.js';
import { type OpenFormView, readOpenForm } from './read-open-form.js';
import { readsAllowed } from './reads-allowed.js';
import type { SlackDeps } from './slack-deps.js';
import { OPTIONS_LIMIT, renderStoreOptions } from './store-options.js';

/**
 * Slack waits 3 s for options (slack-platform.md §2.4) and the network takes some of it: the policy
 * check and PD get this long, then the answer goes with what is cached or without options.
 */
export const OPTIONS_PD_WAIT_MS = 2_000;
export const OPTIONS_POLICY_WAIT_MS = 1_500;

/**
 * The store pickers' options (block_suggestion), in both HTTP and Socket Mode: stores from the
 * cached directory, filtered for the action and the region typed so far, matched on what was
 * typed. Always answers in time: a slow PD gives the last list (marked) or no options.
 */
export function registerStoreOptions(app: App, deps: SlackDeps): void {
  app.options({ type: 'block_suggestion', action_id: VALUE_ACTION_ID }, async ({ ack, body }) => {
    const started = deps.engine.clock.monotonic();
    const payload = body as {
      user?: { id?: string };
      block_id?: string;
      value?: string;
      view?: OpenFormView;
    };
    const typed = (payload.value ?? '').slice(0, 200);
    const userId = payload.user?.id ?? '';
    const log = deps.logger.child({ user: userId });
    const form = readOpenForm(deps, payload.view);
    const field = parameterNameOf(payload.block_id ?? '');
    const assist = deps.formAssist;
    if (!form.ok || field === undefined || form.action.parameters[field]?.type !== 'store_id' || !assist) {
      log.warn(
        {
          decision: 'options_refused',
          reason: form.ok ? 'not_a_store_field' : form.reason,
          blockId: payload.block_id,
        },
        'options asked for something that is not a store picker of this bot; none given',
      );
      await ack({ options: [] });
      return;
    }
    const base = { action: form.action.name, field, cluster: form.cluster, typed };
    const permission = await readsAllowed(
      deps,
      userId,
      form.metadata.channelId,
      form.cluster,
      OPTIONS_POLICY_WAIT_MS,
    );
    if (!permission.allowed) {
      log.info(
        {
          ...base,
          decision: 'options_denied',
          code: permission.code,
          reason: permission.reason,
          channel: form.metadata.channelId,
        },
        'no store options: the policy does not let this person read this cluster here',
      );
      await ack({ options: [] });
      return;
    }
    const answer = await assist.storeOptions({
      cluster: form.cluster,
      action: form.action.name,
      field,
      typed,
      form: form.values,
      limit: OPTIONS_LIMIT,
      waitMs: Math.max(0, OPTIONS_PD_WAIT_MS - (deps.engine.clock.monotonic() - started)),
    });
    const response = renderStoreOptions(answer, typed, deps.engine.clock.now().getTime());
    await ack(response as never);
    const elapsedMs = Math.round(deps.engine.clock.monotonic() - started);
    if (answer.ok) {
      log.debug(
        {
          ...base,
          decision: 'options',
          matched: answer.matched,
          shown: answer.stores.length,
          fresh: answer.fresh,
          elapsedMs,
        },
        'store options answered',
      );
    } else {
      log.warn(
        {
          ...base,
          decision: 'options_pd_unavailable',
          code: answer.error.code,
          detail: answer.error.detail,
          elapsedMs,
        },
        'store options: PD did not answer and nothing was cached',
      );
    }
  });
}
