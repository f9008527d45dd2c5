import type { types } from '@slack/bolt';
import type { ExecutionRequest } from '../core/engine/outcome.js';
import type { ShareValue } from './share-button.js';

/** Every page button starts with this; the one `tikv:` dispatcher routes them to handlePageClick. */
export const PAGE_ACTION_PREFIX = 'tikv:page:';
export const PREVIOUS_PAGE_ACTION_ID = `${PAGE_ACTION_PREFIX}previous`;
export const NEXT_PAGE_ACTION_ID = `${PAGE_ACTION_PREFIX}next`;

/** The parameter a paged view takes its page from (the `page` kind, e.g. `stores page=2`). */
export const PAGE_PARAMETER = 'page';

/**
 * Previous / Next under one page of a view. Like Share, a button carries the request, not rows: a
 * click runs the view again with another `page` (through the same flow, policy and audit as
 * `stores page=N` typed), so every page is PD as of the click and a forged value can never make
 * the bot show something PD did not say.
 */
export function pageButtons(
  request: Pick<ExecutionRequest, 'action' | 'params' | 'cluster'>,
  paging: { readonly page: number; readonly pages: number },
): types.KnownBlock {
  const valueFor = (page: number): string => {
    const value: ShareValue = {
      a: request.action.name,
      p: {
        ...Object.fromEntries(Object.entries(request.params).map(([k, v]) => [k, String(v)])),
        [PAGE_PARAMETER]: String(page),
      },
      c: request.cluster,
    };
    return JSON.stringify(value);
  };
  const button = (actionId: string, label: string, page: number) => ({
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text: label },
    value: valueFor(page),
  });
  return {
    type: 'actions',
    block_id: 'tikv:pages',
    elements: [
      ...(paging.page > 1
        ? [button(PREVIOUS_PAGE_ACTION_ID, `‹ Previous (${paging.page - 1})`, paging.page - 1)]
        : []),
      ...(paging.page < paging.pages
        ? [button(NEXT_PAGE_ACTION_ID, `Next (${paging.page + 1} of ${paging.pages}) ›`, paging.page + 1)]
        : []),
    ],
  };
}
