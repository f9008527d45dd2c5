import type { types } from '@slack/bolt';
import {
  type ActionDefinition,
  commandName,
  type ParameterDefinition,
} from '../core/actions/action-definition.js';
import { parameterType } from '../core/commands/parameter-type.js';
import type { ClusterDescriptor } from '../core/engine/engine-cluster.js';
import type { FormContext } from '../core/forms/form-assist.js';
import { renderFormContext } from './form-context-block.js';
import { clampLabel, clampText, escapeMrkdwn, inlineCode, mrkdwnToPlain } from './mrkdwn.js';

export const PARAMS_MODAL_CALLBACK_ID = 'tikv:params';
export const VALUE_ACTION_ID = 'value';

/** What a modal must remember, since Slack gives a view_submission no channel (§2.3). */
export interface ModalMetadata {
  readonly action: string;
  readonly channelId: string;
  /**
   * Set when the form was opened from a DM or a group DM (whose id alone may look like a
   * channel's): a change submitted from it is refused as the typed command would be.
   */
  readonly directMessage?: boolean;
  readonly userId: string;
  readonly responseUrl: string;
  /** When the command was typed (ms since epoch): its response_url only works for 30 minutes. */
  readonly issuedAt: number;
  readonly dryRun?: boolean;
  /** The cluster named by --cluster or the channel's default; the form's choice overrides it. */
  readonly cluster?: string;
}

/** The form's cluster choice, shown when the bot has several clusters. */
export const CLUSTER_BLOCK_ID = 'cluster';

/** Past this age a form's answer could no longer reach the channel, so it is refused instead. */
export const FORM_MAX_AGE_MS = 25 * 60_000;

/** Stable per parameter, because Slack keys inline errors by block_id. */
export function paramBlockId(name: string): string {
  return `param:${name}`;
}

/** The parameter a block_id names, or undefined for other blocks. */
export function parameterNameOf(blockId: string): string | undefined {
  return blockId.startsWith('param:') ? blockId.slice('param:'.length) : undefined;
}

/** Where a form shows what PD says about the region typed so far (forms for leader and peer moves). */
export const CONTEXT_BLOCK_ID = 'context';

/**
 * A form whose region and stores go together (a leader or peer move): typing the region (Enter) or
 * picking a store sends block_actions, so the form can show the region's peers and warn before Run.
 */
export function hasRegionContext(action: ActionDefinition): boolean {
  const kinds = Object.values(action.parameters).map((p) => p.type);
  return kinds.includes('region_id') && kinds.includes('store_id');
}

/** An option for a store id the form already holds; the picker's own options say more. */
export function storeIdOption(value: string) {
  return { text: { type: 'plain_text' as const, text: `Store ${value}` }, value };
}

function element(name: string, spec: ParameterDefinition, initial: string | undefined) {
  const input = parameterType(spec).input(spec);
  const placeholder = { type: 'plain_text' as const, text: clampLabel(name, 150) };
  if (spec.type === 'store_id') {
    // Fed live from PD through block_suggestion (register-store-options.ts); the submitted value is
    // still validated like a typed one, and PD judges it.
    const usable =
      initial !== undefined && /^[1-9]\d{0,15}$/.test(initial.trim()) ? initial.trim() : undefined;
    return {
      type: 'external_select' as const,
      action_id: VALUE_ACTION_ID,
      // Store ids are one to five digits: the list shows on open, and narrows from the first key.
      min_query_length: 0,
      ...(usable !== undefined && { initial_option: storeIdOption(usable) }),
      placeholder: { type: 'plain_text' as const, text: 'Type an id, address or label' },
    };
  }
  if (input.kind === 'number') {
    // Slack refuses the whole view for a non-numeric initial_value; the form then just asks afresh.
    const usable = initial !== undefined && /^\d{1,16}$/.test(initial.trim()) ? initial.trim() : undefined;
    return {
      type: 'number_input' as const,
      action_id: VALUE_ACTION_ID,
      is_decimal_allowed: false,
      min_value: String(input.min),
      max_value: String(input.max),
      ...(usable !== undefined && { initial_value: usable }),
      placeholder,
    };
  }
  if (input.kind === 'select') {
    // Slack allows 100 options of 75 characters; a choice is a handful of short words.
    const options = input.options.slice(0, 100).map((value) => ({
      text: { type: 'plain_text' as const, text: clampLabel(value, 75) },
      value,
    }));
    const chosen = options.find((o) => o.value === initial?.trim());
    return {
      type: 'static_select' as const,
      action_id: VALUE_ACTION_ID,
      options,
      ...(chosen !== undefined && { initial_option: chosen }),
      placeholder,
    };
  }
  return {
    type: 'plain_text_input' as const,
    action_id: VALUE_ACTION_ID,
    // plain_text is never parsed for mentions or links, so what was typed is shown as typed, only cut.
    ...(initial !== undefined && { initial_value: initial.slice(0, 3000) }),
    placeholder,
  };
}

/** The form that asks for missing arguments, generated from the action's definition. */
export function buildParamsModal(
  action: ActionDefinition,
  provided: Readonly<Record<string, string>>,
  metadata: ModalMetadata,
  endpoint: string,
  /** Every cluster; with more than one the form asks which, prefilled with metadata.cluster. */
  clusters: readonly ClusterDescriptor[] = [],
  /** What PD says about the region typed so far (views.update after a block_actions). */
  context?: FormContext,
): types.ModalView {
  const dispatch = hasRegionContext(action);
  const inputs: types.InputBlock[] = Object.entries(action.parameters).map(([name, spec]) => ({
    type: 'input',
    block_id: paramBlockId(name),
    optional: !spec.required,
    ...(dispatch && (spec.type === 'region_id' || spec.type === 'store_id') && { dispatch_action: true }),
    label: { type: 'plain_text', text: clampLabel(mrkdwnToPlain(spec.label ?? name), 2000) },
    // Descriptions are written as mrkdwn (help shows them so); a plain_text hint would show the marks.
    hint: { type: 'plain_text', text: clampLabel(mrkdwnToPlain(spec.description), 2000) },
    element: element(name, spec, provided[name]),
  }));
  return {
    type: 'modal',
    callback_id: PARAMS_MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: clampLabel(commandName(action), 24) },
    submit: { type: 'plain_text', text: metadata.dryRun ? 'Preview' : 'Run' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: clampText(
            `${escapeMrkdwn(action.description)}\nRisk: *${action.riskLevel}*${where(metadata, endpoint, clusters)}\nThe result is posted in the channel.`,
            3000,
          ),
        },
      },
      ...(clusters.length > 1 ? [clusterChoice(clusters, metadata.cluster)] : []),
      ...inputs,
      ...(context !== undefined ? renderFormContext(CONTEXT_BLOCK_ID, context) : []),
      {
        type: 'input',
        block_id: MODE_BLOCK_ID,
        optional: true,
        label: { type: 'plain_text', text: 'Mode' },
        element: {
          type: 'checkboxes',
          action_id: VALUE_ACTION_ID,
          options: [PREVIEW_OPTION],
          ...(metadata.dryRun && { initial_options: [PREVIEW_OPTION] }),
        },
      },
    ],
  };
}

/** One cluster: its PD. Several: the choice below says where it goes. */
function where(metadata: ModalMetadata, endpoint: string, clusters: readonly ClusterDescriptor[]): string {
  if (clusters.length > 1) return '';
  const cluster = clusters[0];
  const name = metadata.cluster ?? cluster?.name;
  const production = cluster?.production ? ' :rotating_light: *production*' : '';
  return ` · ${name !== undefined ? `cluster ${inlineCode(name)}${production} · ` : ''}PD ${inlineCode(endpoint)}`;
}

function clusterOption(cluster: ClusterDescriptor) {
  return {
    text: {
      type: 'plain_text' as const,
      text: clampLabel(`${cluster.name}${cluster.production ? ' 🚨 production' : ''}`, 75),
    },
    value: cluster.name,
  };
}

/** A required static select of the clusters, prefilled with the one the command or channel chose. */
function clusterChoice(clusters: readonly ClusterDescriptor[], chosen: string | undefined): types.InputBlock {
  const initial = clusters.find((c) => c.name === chosen);
  return {
    type: 'input',
    block_id: CLUSTER_BLOCK_ID,
    label: { type: 'plain_text', text: 'Cluster' },
    element: {
      type: 'static_select',
      action_id: VALUE_ACTION_ID,
      // Slack allows 100 options; more clusters than that are named with --cluster.
      options: clusters.slice(0, 100).map(clusterOption),
      ...(initial !== undefined && { initial_option: clusterOption(initial) }),
      placeholder: { type: 'plain_text', text: 'Which cluster' },
    },
  };
}

/** The cluster picked in the form, when it asked. */
export function readClusterChoice(
  values: Record<string, Record<string, { selected_option?: { value: string } | null }>>,
): string | undefined {
  return values[CLUSTER_BLOCK_ID]?.[VALUE_ACTION_ID]?.selected_option?.value ?? undefined;
}

export const MODE_BLOCK_ID = 'mode';
const PREVIEW_OPTION = {
  text: { type: 'plain_text' as const, text: 'Preview only (dry run)' },
  description: { type: 'plain_text' as const, text: 'Show the exact PD request; change nothing' },
  value: 'dry_run',
};

/** Whether "Preview only" was ticked in the form. */
export function readPreviewChoice(
  values: Record<string, Record<string, { selected_options?: { value: string }[] }>>,
): boolean {
  return (
    values[MODE_BLOCK_ID]?.[VALUE_ACTION_ID]?.selected_options?.some((o) => o.value === 'dry_run') ?? false
  );
}

/** `state.values[block_id][action_id].value` → raw strings by parameter name; empty fields dropped. */
export function readModalValues(
  action: ActionDefinition,
  values: Record<
    string,
    Record<string, { value?: string | null; selected_option?: { value: string } | null }>
  >,
): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(action.parameters)) {
    const field = values[paramBlockId(name)]?.[VALUE_ACTION_ID];
    // A static_select answers with selected_option; inputs answer with value.
    const value = field?.selected_option?.value ?? field?.value;
    if (typeof value === 'string' && value.trim() !== '') raw[name] = value;
  }
  return raw;
}

export function parseModalMetadata(text: string): ModalMetadata | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<ModalMetadata>;
    if (
      typeof parsed.action === 'string' &&
      typeof parsed.channelId === 'string' &&
      typeof parsed.userId === 'string' &&
      typeof parsed.responseUrl === 'string' &&
      typeof parsed.issuedAt === 'number'
    ) {
      return parsed as ModalMetadata;
    }
  } catch {
    // Fall through: a view from another app version, answered as an error by the caller.
  }
  return undefined;
}
