import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  Middleware,
  RespondArguments,
  RespondFn,
} from '@slack/bolt';
import type { WorkInfo } from '../lifecycle/in-flight-work.js';
import type { SlackDeps } from './slack-deps.js';
import { withinSlackLimits } from './within-slack-limits.js';

/** What each kind of request is told while the bot drains for a restart. Nothing changes state. */
export const RESTARTING_TEXT = {
  command:
    ':arrows_counterclockwise: The bot is restarting, nothing was sent. Run the command again in a minute.',
  click: ':arrows_counterclockwise: The bot is restarting; nothing was done, click again in a minute.',
  form: 'The bot is restarting; nothing was sent. Submit again in a minute.',
} as const;

interface SlackRequest extends WorkInfo {
  readonly kind: 'slash_command' | 'view_submission' | 'button_click' | 'other';
}

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;
type LooseBody = {
  readonly type?: unknown;
  readonly command?: unknown;
  readonly user_id?: unknown;
  readonly channel_id?: unknown;
  readonly user?: { readonly id?: unknown };
  readonly view?: {
    readonly callback_id?: unknown;
    readonly blocks?: readonly { type?: string; block_id?: string }[];
  };
  readonly actions?: readonly { readonly action_id?: unknown; readonly value?: unknown }[];
};

/**
 * The bot's front door, as a Bolt global middleware. Bolt runs it for every request and awaits
 * `next()` until every listener has settled, past the ack, in both receivers (App.processEvent),
 * so wrapping `next()` tracks each request's whole life: PD call, audit record, Slack reply.
 * While draining it answers instead of the listeners, so nothing new reaches the engine.
 */
export function admitSlackRequest(
  deps: Pick<SlackDeps, 'work' | 'logger' | 'newCorrelationId'>,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const request = describeRequest(args.body as LooseBody);
    if (deps.work.draining) {
      await deps.work.track({ kind: 'refusal', label: `${request.kind} ${request.label}` }, () =>
        refuse(args, request, deps.logger),
      );
      return;
    }
    // Made here so the drain's log lines and the listener's name the same request.
    let correlationId: string | undefined;
    if (request.kind === 'slash_command' || request.kind === 'view_submission') {
      correlationId = deps.newCorrelationId();
      args.context.correlationId = correlationId;
    }
    await deps.work.track({ ...request, ...(correlationId !== undefined && { correlationId }) }, () =>
      args.next(),
    );
  };
}

/** The id admitSlackRequest made for this request, or a fresh one when it runs without it. */
export function correlationIdOf(
  context: { readonly [key: string]: unknown },
  deps: Pick<SlackDeps, 'newCorrelationId'>,
): string {
  return typeof context.correlationId === 'string' ? context.correlationId : deps.newCorrelationId();
}

function describeRequest(body: LooseBody): SlackRequest {
  if (typeof body.command === 'string') {
    return {
      kind: 'slash_command',
      label: `${short(body.command)} by ${short(body.user_id)} in ${short(body.channel_id)}`,
    };
  }
  if (body.type === 'view_submission') {
    return {
      kind: 'view_submission',
      label: `form ${short(body.view?.callback_id)} by ${short(body.user?.id)}`,
    };
  }
  if (body.type === 'block_actions') {
    const action = body.actions?.[0];
    return {
      kind: 'button_click',
      label: `${short(action?.action_id)} ${short(action?.value)} by ${short(body.user?.id)}`,
    };
  }
  return { kind: 'other', label: short(body.type) };
}

async function refuse(args: Args, request: SlackRequest, logger: SlackDeps['logger']): Promise<void> {
  const raw = args as unknown as {
    ack?: (response?: object) => Promise<void>;
    respond?: RespondFn;
  };
  // The refusals are short today; bounded anyway, as everything the bot says is.
  const ack = async (response?: object) => raw.ack?.(response && withinSlackLimits(response));
  const respond = async (message: RespondArguments) => raw.respond?.(withinSlackLimits(message));
  logger.info(
    { decision: 'refused_restarting', kind: request.kind, request: request.label },
    'the bot is restarting: request refused, nothing was done',
  );
  switch (request.kind) {
    case 'slash_command':
      await ack({ response_type: 'ephemeral', text: RESTARTING_TEXT.command });
      return;
    case 'view_submission': {
      // Inline errors keep the form open with what was typed, so it can be submitted again.
      const body = args.body as LooseBody;
      const blockId = body.view?.blocks?.find((b) => b.type === 'input')?.block_id ?? 'param';
      await ack({ response_action: 'errors', errors: { [blockId]: RESTARTING_TEXT.form } });
      return;
    }
    case 'button_click':
      await ack();
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: RESTARTING_TEXT.click,
      }).catch((error: unknown) =>
        logger.warn({ err: error }, 'could not tell the clicker the bot is restarting'),
      );
      return;
    default:
      await ack();
  }
}

/** Ids and names from the payload, cut so a hostile value cannot flood the log line. */
function short(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value ?? '?');
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}
