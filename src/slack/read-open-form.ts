import type { ActionDefinition } from '../core/actions/action-definition.js';
import { verifyModalMetadata } from './modal-metadata.js';
import {
  type ModalMetadata,
  PARAMS_MODAL_CALLBACK_ID,
  parseModalMetadata,
  readClusterChoice,
  readModalValues,
} from './params-modal.js';
import type { SlackDeps } from './slack-deps.js';

/** A view as block_suggestion and block_actions payloads carry it: the form as it stands. */
export interface OpenFormView {
  readonly id?: string;
  readonly hash?: string;
  readonly callback_id?: string;
  readonly private_metadata?: string;
  readonly state?: { readonly values?: Record<string, Record<string, unknown>> };
}

export type OpenForm =
  | {
      readonly ok: true;
      readonly action: ActionDefinition;
      readonly metadata: ModalMetadata;
      /** The cluster the form is for: its choice, else the one it was opened for, else the channel's. */
      readonly cluster: string;
      /** The fields filled in so far, raw as typed. */
      readonly values: Record<string, string>;
    }
  | { readonly ok: false; readonly reason: 'not_our_form' | 'unsigned' | 'unknown_action' | 'no_cluster' };

/**
 * The bot's own form, read from a payload that is not a submission: signed metadata checked (a
 * changed form gets nothing, not even a read), values read the way a submission reads them.
 */
export function readOpenForm(
  deps: Pick<SlackDeps, 'modalMetadataKey' | 'registry' | 'engine'>,
  view: OpenFormView | undefined,
): OpenForm {
  if (view?.callback_id !== PARAMS_MODAL_CALLBACK_ID) return { ok: false, reason: 'not_our_form' };
  const signed = verifyModalMetadata(view.private_metadata ?? '', deps.modalMetadataKey);
  if (!signed.ok) return { ok: false, reason: 'unsigned' };
  const metadata = parseModalMetadata(signed.payload);
  const action = metadata ? deps.registry.get(metadata.action) : undefined;
  if (!metadata || !action) return { ok: false, reason: 'unknown_action' };
  const stateValues = (view.state?.values ?? {}) as never;
  const requested = readClusterChoice(stateValues) ?? metadata.cluster;
  const resolution = deps.engine.resolveCluster(metadata.channelId, requested);
  if (!resolution.ok) return { ok: false, reason: 'no_cluster' };
  return {
    ok: true,
    action,
    metadata,
    cluster: resolution.cluster.name,
    values: readModalValues(action, stateValues),
  };
}
