import { randomBytes } from 'node:crypto';
import { FAKE_IDENTITY } from './fake-web-api.js';
import { postInteraction, type SignedResponse } from './signed-request.js';
import type { FakeSlack } from './start-fake-slack.js';

/**
 * The options side of the fake (slack-platform.md §2.4): `block_suggestion` payloads for an
 * external_select in a modal, sent over HTTP (signed) or Socket Mode, and the answer checked
 * against Slack's limits — at most 100 options (or 100 groups of 100), option text and group
 * labels of 75 characters, values of 150 — so an answer Slack would drop fails the test.
 */
export const OPTIONS_LIMITS = { options: 100, groups: 100, text: 75, value: 150 } as const;

export interface ViewState {
  readonly id?: string;
  readonly hash?: string;
  readonly callbackId: string;
  readonly privateMetadata: string;
  /** `state.values[block_id][action_id]`, as Slack reports the form so far. */
  readonly values?: Record<string, Record<string, unknown>>;
}

export interface BlockSuggestionInput {
  readonly blockId: string;
  readonly actionId: string;
  /** What the user typed in the select. */
  readonly value: string;
  readonly userId: string;
  readonly view: ViewState;
}

function viewPayload(view: ViewState): Record<string, unknown> {
  const id = view.id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`;
  return {
    id,
    team_id: FAKE_IDENTITY.teamId,
    type: 'modal',
    callback_id: view.callbackId,
    private_metadata: view.privateMetadata,
    state: { values: view.values ?? {} },
    hash: view.hash ?? `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    root_view_id: id,
    app_id: FAKE_IDENTITY.appId,
    bot_id: FAKE_IDENTITY.botId,
  };
}

/** A `block_suggestion` payload shaped like Slack's for a select inside a modal. */
export function blockSuggestionPayload(input: BlockSuggestionInput): Record<string, unknown> {
  return {
    type: 'block_suggestion',
    user: { id: input.userId, name: `user-${input.userId.toLowerCase()}`, team_id: FAKE_IDENTITY.teamId },
    container: { type: 'view', view_id: input.view.id ?? 'V0' },
    api_app_id: FAKE_IDENTITY.appId,
    token: 'deprecated-verification-token',
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team: { id: FAKE_IDENTITY.teamId, domain: FAKE_IDENTITY.teamDomain },
    view: viewPayload(input.view),
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A `block_actions` payload from an input in a modal (dispatch_action), e.g. a picked store. */
export function viewBlockActionsPayload(
  input: BlockSuggestionInput & { readonly selected?: { text: string; value: string } },
): Record<string, unknown> {
  const action = input.selected
    ? {
        type: 'external_select',
        selected_option: {
          text: { type: 'plain_text', text: input.selected.text },
          value: input.selected.value,
        },
      }
    : { type: 'number_input', value: input.value };
  return {
    type: 'block_actions',
    user: { id: input.userId, username: `user-${input.userId.toLowerCase()}`, team_id: FAKE_IDENTITY.teamId },
    api_app_id: FAKE_IDENTITY.appId,
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: input.view.id ?? 'V0' },
    trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
    team: { id: FAKE_IDENTITY.teamId, domain: FAKE_IDENTITY.teamDomain },
    view: viewPayload(input.view),
    actions: [
      {
        ...action,
        action_id: input.actionId,
        block_id: input.blockId,
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface OptionsAnswer {
  readonly options: { text: { type: string; text: string }; value: string }[];
  /** The group labels, when the answer used option_groups. */
  readonly groups: string[];
  /** Real ms from sending to the answer. */
  readonly elapsedMs: number;
}

/** What is wrong with an options answer by Slack's rules, or undefined. */
export function optionsLimitError(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return 'the answer is not a JSON object';
  const { options, option_groups: groups } = answer as { options?: unknown; option_groups?: unknown };
  const errors: string[] = [];
  const checkOptions = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return errors.push(`${at} is not an array`);
    if (list.length > OPTIONS_LIMITS.options) errors.push(`${at} has ${list.length} options (max 100)`);
    list.forEach((o, i) => {
      const text = (o as { text?: { type?: unknown; text?: unknown } }).text;
      const value = (o as { value?: unknown }).value;
      if (text?.type !== 'plain_text' || typeof text.text !== 'string' || text.text.length === 0)
        errors.push(`${at}/${i}/text must be non-empty plain_text`);
      else if (text.text.length > OPTIONS_LIMITS.text)
        errors.push(`${at}/${i}/text is ${text.text.length} characters (max 75)`);
      if (typeof value !== 'string' || value.length > OPTIONS_LIMITS.value)
        errors.push(`${at}/${i}/value must be a string of at most 150 characters`);
    });
    return 0;
  };
  if (groups !== undefined) {
    if (!Array.isArray(groups) || groups.length > OPTIONS_LIMITS.groups)
      errors.push('option_groups: at most 100');
    else
      groups.forEach((g, i) => {
        const label = (g as { label?: { text?: unknown } }).label?.text;
        if (typeof label !== 'string' || label.length === 0 || label.length > OPTIONS_LIMITS.text)
          errors.push(`option_groups/${i}/label must be 1–75 characters`);
        checkOptions((g as { options?: unknown }).options, `option_groups/${i}/options`);
      });
  } else {
    checkOptions(options, 'options');
  }
  return errors.length > 0 ? errors.join('; ') : undefined;
}

function toAnswer(json: unknown, elapsedMs: number): OptionsAnswer {
  const error = optionsLimitError(json);
  if (error !== undefined) throw new Error(`options answer breaks Slack's limits: ${error}`);
  const { options, option_groups: groups } = json as {
    options?: OptionsAnswer['options'];
    option_groups?: { label: { text: string }; options: OptionsAnswer['options'] }[];
  };
  return {
    options: groups ? groups.flatMap((g) => g.options) : (options ?? []),
    groups: groups ? groups.map((g) => g.label.text) : [],
    elapsedMs,
  };
}

/** Asks for options over HTTP, signed, at the bot's options load URL (Bolt's /slack/events). */
export async function requestOptionsHttp(
  botUrl: string,
  signingSecret: string,
  input: BlockSuggestionInput,
): Promise<OptionsAnswer & { response: SignedResponse }> {
  const response = await postInteraction(botUrl, signingSecret, blockSuggestionPayload(input));
  if (response.status !== 200) throw new Error(`options request answered HTTP ${response.status}`);
  return { ...toAnswer(response.json ?? {}, response.elapsedMs), response };
}

/** Asks for options over Socket Mode: an `interactive` envelope; the ack's payload is the answer. */
export async function requestOptionsSocket(
  slack: FakeSlack,
  input: BlockSuggestionInput,
): Promise<OptionsAnswer> {
  const sent = slack.sendEnvelope('interactive', blockSuggestionPayload(input), {
    acceptsResponsePayload: true,
  });
  const ack = await sent.ack;
  return toAnswer(ack.payload ?? {}, ack.elapsedMs);
}
