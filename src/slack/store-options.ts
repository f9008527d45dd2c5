import type { StoreOptionsAnswer } from '../core/forms/form-assist.js';
import type { StoreSummary } from '../core/stores/store-directory.js';

/** Slack's limits for an options answer (slack-platform.md §2.4–2.5). */
export const OPTIONS_LIMIT = 100;
export const OPTION_TEXT_LIMIT = 75;

type PlainText = { type: 'plain_text'; text: string };
export interface SlackOption {
  readonly text: PlainText;
  readonly value: string;
}
export type OptionsResponse =
  | { readonly options: SlackOption[] }
  | { readonly option_groups: { label: PlainText; options: SlackOption[] }[] };

function clamp(text: string, limit = OPTION_TEXT_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function plain(text: string): PlainText {
  return { type: 'plain_text', text: clamp(text) };
}

/**
 * "4 · Up · 11,982 leaders · tikv-3:20160 · zone=az2": id, state and leader count always shown,
 * then address and labels as room allows (labels first when the text typed matched a label).
 */
export function storeOptionText(store: StoreSummary, typed: string): string {
  const leaders = `${store.leaderCount.toLocaleString('en-US')} leader${store.leaderCount === 1 ? '' : 's'}`;
  const head = [String(store.id), store.stateName, ...(store.evicting ? ['evicting'] : []), leaders];
  const labels = store.labels.map((l) => `${l.key}=${l.value}`).join(' ');
  const text = typed.trim().toLowerCase();
  const labelFirst =
    text !== '' && !store.address.toLowerCase().includes(text) && labels.toLowerCase().includes(text);
  const tail = (labelFirst ? [labels, store.address] : [store.address, labels]).filter((t) => t !== '');
  return clamp([...head, ...tail].join(' · '));
}

function age(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/**
 * Slack's answer to a block_suggestion: one group whose label says which stores these are, how many
 * matched, and when PD was slow, how old the list is. PD's failure with nothing cached gives no
 * options, except the id typed, marked unchecked, so the form stays usable (Run re-validates it and
 * PD judges it).
 */
export function renderStoreOptions(
  answer: StoreOptionsAnswer,
  typed: string,
  nowMs: number,
): OptionsResponse {
  if (!answer.ok) {
    const id = typed.trim();
    if (/^[1-9]\d{0,15}$/.test(id) && Number.isSafeInteger(Number(id))) {
      return { options: [{ text: plain(`${id} · not checked: PD did not answer`), value: id }] };
    }
    return { options: [] };
  }
  if (answer.stores.length === 0) return { options: [] };
  const shown = answer.stores.slice(0, OPTIONS_LIMIT);
  const count =
    answer.matched > shown.length
      ? `${answer.matched.toLocaleString('en-US')} match, first ${shown.length}; type to narrow`
      : `${answer.matched.toLocaleString('en-US')}`;
  const stale = answer.fresh ? '' : `PD slow, list ${age(nowMs - answer.readAt)} old · `;
  return {
    option_groups: [
      {
        label: plain(`${stale}${answer.scope} (${count})`),
        options: shown.map((store) => ({
          text: plain(storeOptionText(store, typed)),
          value: String(store.id),
        })),
      },
    ],
  };
}
