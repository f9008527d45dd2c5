import type { App, webApi } from '@slack/bolt';
import {
  buildParamsModal,
  hasRegionContext,
  PARAMS_MODAL_CALLBACK_ID,
  paramBlockId,
  VALUE_ACTION_ID,
} from './params-modal.js';
import { type OpenFormView, readOpenForm } from './read-open-form.js';
import { readsAllowed } from './reads-allowed.js';
import type { SlackDeps } from './slack-deps.js';

/** PD gets this long to describe the region; the ack went first, so only the user is waiting. */
export const CONTEXT_PD_WAIT_MS = 2_500;
const CONTEXT_POLICY_WAIT_MS = 2_500;

/**
 * Region or store entered in a leader/peer move form (dispatch_action): ack, ask PD about the
 * region through the cached directory, and views.update the form with its leader, peers and
 * warnings. Nothing is blocked: the user may still Run, and PD judges.
 */
export function registerFormContext(app: App, deps: SlackDeps): void {
  app.action(
    { type: 'block_actions', callback_id: PARAMS_MODAL_CALLBACK_ID, action_id: VALUE_ACTION_ID },
    async ({ ack, body, client }) => {
      await ack();
      const payload = body as { user?: { id?: string }; view?: OpenFormView };
      await refreshFormContext(deps, client, payload.view, payload.user?.id ?? '');
    },
  );
}

/** Shows the form's context now: after a block_actions, or right after the form opens prefilled. */
export async function refreshFormContext(
  deps: SlackDeps,
  client: webApi.WebClient,
  view: OpenFormView | undefined,
  userId: string,
): Promise<void> {
  const log = deps.logger.child({ user: userId });
  const form = readOpenForm(deps, view);
  const assist = deps.formAssist;
  if (!form.ok || !assist || !hasRegionContext(form.action) || view?.id === undefined) {
    log.warn(
      { decision: 'form_context_skipped', reason: form.ok ? 'no_context' : form.reason },
      'no form context to show',
    );
    return;
  }
  const base = { action: form.action.name, cluster: form.cluster };
  const permission = await readsAllowed(
    deps,
    userId,
    form.metadata.channelId,
    form.cluster,
    CONTEXT_POLICY_WAIT_MS,
  );
  if (!permission.allowed) {
    log.info(
      { ...base, decision: 'form_context_denied', code: permission.code },
      'form context not shown: reads not allowed here',
    );
    return;
  }
  const context = await assist.formContext({
    cluster: form.cluster,
    action: form.action.name,
    form: form.values,
    waitMs: CONTEXT_PD_WAIT_MS,
  });
  if (context === undefined) return;
  const rebuilt = buildParamsModal(
    form.action,
    form.values,
    form.metadata,
    deps.engine.targetOf(form.cluster)?.endpoint ?? '',
    deps.engine.clusters,
    context,
  );
  try {
    await client.views.update({
      view_id: view.id,
      ...(view.hash !== undefined && { hash: view.hash }),
      // The signature the form came with: the metadata itself did not change.
      view: { ...rebuilt, private_metadata: view.private_metadata ?? '' },
    });
    log.info(
      { ...base, decision: 'form_context', regionId: context.regionId, warnings: context.warnings.length },
      'form updated with what PD says about the region',
    );
  } catch (error) {
    // hash_conflict: the form changed meanwhile, and that change brings its own update.
    const slackError = (error as { data?: { error?: string } }).data?.error ?? 'no answer';
    log.warn({ ...base, decision: 'form_context_not_shown', slackError }, 'could not update the form');
  }
}

/**
 * A form just opened with a region typed on the command line (`/tikv transfer-leader 42`): its
 * state holds nothing yet, so the values typed stand in for it.
 */
export async function showOpenedFormContext(
  deps: SlackDeps,
  client: webApi.WebClient,
  opened: { id?: string; hash?: string; callback_id?: string; private_metadata?: string } | undefined,
  provided: Readonly<Record<string, string>>,
  userId: string,
): Promise<void> {
  if (opened === undefined || provided.region_id === undefined) return;
  const values = Object.fromEntries(
    Object.entries(provided).map(([name, value]) => [paramBlockId(name), { [VALUE_ACTION_ID]: { value } }]),
  );
  await refreshFormContext(deps, client, { ...opened, state: { values } }, userId);
}
