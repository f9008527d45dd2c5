import { randomBytes } from 'node:crypto';
import { checkView, type LimitViolation } from './slack-limits.js';

type Args = Record<string, unknown>;
type Body = { ok: boolean; [key: string]: unknown };

export interface PublishedHome {
  readonly userId: string;
  readonly view: Args & { id: string; hash: string };
}

/**
 * views.publish as Slack answers it: a `home` view for one user, refused with Slack's errors when it
 * breaks the view limits (100 blocks, 250 kB, text lengths: checkView), when `user_id` is missing
 * (`invalid_arguments`) or when the view is not a Home tab (`invalid_arguments`, as Slack says for
 * a modal passed here). Each user has one Home view; a publish with a stale `hash` is a
 * `hash_conflict`. The view id stays the same across publishes, as Slack keeps it.
 */
export class FakeHomeViews {
  readonly byUser = new Map<string, PublishedHome['view']>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  publish(args: Args): Body {
    const userId = typeof args.user_id === 'string' ? args.user_id : '';
    const view = args.view;
    if (userId === '' || typeof view !== 'object' || view === null || Array.isArray(view)) {
      return { ok: false, error: 'invalid_arguments' };
    }
    const home = view as Args;
    if (home.type !== 'home') {
      return {
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] must be one of [home] [json-pointer:/view/type]'] },
      };
    }
    const tooBig = checkView(home);
    if (tooBig) return refuse(tooBig);
    const previous = this.byUser.get(userId);
    if (previous && args.hash !== undefined && args.hash !== previous.hash) {
      return { ok: false, error: 'hash_conflict' };
    }
    const stored = {
      ...home,
      id: previous?.id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`,
      hash: `${Math.floor(this.#now() / 1000)}.${randomBytes(4).toString('hex')}`,
      private_metadata: typeof home.private_metadata === 'string' ? home.private_metadata : '',
      callback_id: typeof home.callback_id === 'string' ? home.callback_id : '',
      state: { values: {} },
    };
    this.byUser.set(userId, stored);
    return { ok: true, view: stored };
  }
}

function refuse(violation: LimitViolation): Body {
  return violation.messages.length > 0
    ? { ok: false, error: violation.error, response_metadata: { messages: violation.messages } }
    : { ok: false, error: violation.error };
}
