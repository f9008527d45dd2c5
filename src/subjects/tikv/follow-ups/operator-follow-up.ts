import type {
  FollowUpDeclaration,
  Judgement,
  PollAnswer,
  Verdict,
} from '../../../core/follow-ups/follow-up-declaration.js';
import { parseOperatorString } from '../actions/operator-string.js';
import { parseGoDuration } from './parse-go-duration.js';
import { describeRegion, type RegionPeers, readRegion } from './read-region.js';

/** What the bot asked PD for, so the end can be checked against the region. */
export type OperatorGoal =
  | { readonly kind: 'transfer_leader'; readonly regionId: number; readonly toStoreId: number }
  | {
      readonly kind: 'transfer_peer';
      readonly regionId: number;
      readonly fromStoreId: number;
      readonly toStoreId: number;
    };

/** PD's fast step timeout (one minute); add-learner waits for a snapshot: ten minutes plus size. */
const FAST_STEP_MS = 60_000;
const SLOW_STEP_MS = 10 * 60_000;
/** pdpb.OperatorStatus words that end an operator (TIMEOUT also stands for EXPIRED, pd-api.md §2.2). */
const FAILED = new Set(['TIMEOUT', 'CANCEL', 'REPLACE', 'EXPIRED']);
const OPERATOR_NOT_FOUND = 'ErrOperatorNotFound';

/**
 * Follows the admin operator the bot created to its end (GET /operators/{id}), then checks the region
 * (GET /region/id/{id}): a SUCCESS is reported with the leader or peers as the region shows them.
 */
export function operatorFollowUp(goal: OperatorGoal): FollowUpDeclaration {
  const id = goal.regionId;
  return {
    kind: 'operator',
    subjectId: String(id),
    budgetMs: goal.kind === 'transfer_leader' ? FAST_STEP_MS : SLOW_STEP_MS + 3 * FAST_STEP_MS,
    poll: { method: 'GET', path: `/pd/api/v1/operators/${id}` },
    judge: (answer) => judgeOperator(goal, answer),
    verify: {
      read: { method: 'GET', path: `/pd/api/v1/region/id/${id}` },
      judge: (answer, ended) => verifyRegion(goal, answer, ended),
    },
    checkCommand: `operator ${id}`,
  };
}

function desc(goal: OperatorGoal): string {
  return goal.kind === 'transfer_leader' ? 'admin-transfer-leader' : 'admin-move-peer';
}

/** The brief PD builds for our request: `transfer leader: store F to T`, `mv peer: store [F] to [T]`. */
function isOurs(goal: OperatorGoal, operatorDesc: string, brief: string): boolean {
  if (operatorDesc !== desc(goal)) return false;
  return goal.kind === 'transfer_leader'
    ? brief.endsWith(` to ${goal.toStoreId}`)
    : brief === `mv peer: store [${goal.fromStoreId}] to [${goal.toStoreId}]`;
}

export function judgeOperator(goal: OperatorGoal, answer: PollAnswer): Judgement {
  if (!answer.ok) {
    if (answer.status === undefined)
      return { kind: 'unreadable', detail: `${answer.errorCode}: ${answer.message}` };
    if (answer.status === 404 || answer.body.includes(OPERATOR_NOT_FOUND)) {
      return {
        kind: 'terminal',
        status: 'NO_OPERATOR',
        state: 'stopped',
        detail: `PD no longer knows the operator on region ${goal.regionId} (it keeps finished ones 10 minutes)`,
      };
    }
    return { kind: 'unreadable', detail: `PD answered HTTP ${answer.status}: ${answer.body.slice(0, 300)}` };
  }
  let text: unknown;
  try {
    text = JSON.parse(answer.body);
  } catch {
    text = answer.body.trim();
  }
  const match = typeof text === 'string' ? /^status: (\S+), operator: (.*)$/s.exec(text) : null;
  const operator = match ? parseOperatorString(match[2] ?? '') : undefined;
  if (match === null || operator === undefined) {
    return {
      kind: 'unreadable',
      detail: `PD's answer is not an operator status: ${answer.body.slice(0, 300)}`,
    };
  }
  const status = match[1] ?? '';
  const line = `${operator.desc} {${operator.brief}}`;
  if (!isOurs(goal, operator.desc, operator.brief)) {
    return {
      kind: 'terminal',
      status: 'OTHER_OPERATOR',
      state: 'stopped',
      detail: `PD now shows another operator on region ${goal.regionId} (${status}: ${line}); the bot's ended unseen`,
    };
  }
  if (status === 'SUCCESS')
    return { kind: 'terminal', status, state: 'succeeded', detail: `PD: ${status}, ${line}` };
  if (FAILED.has(status))
    return { kind: 'terminal', status, state: 'failed', detail: `PD: ${status}, ${line}` };
  if (status !== 'RUNNING' && status !== '5') {
    return { kind: 'unreadable', detail: `PD reported an unknown operator status ${status}` };
  }
  const steps = operator.steps === '' ? [] : operator.steps.split(/\}, (?=\d+:\{)/);
  const index = Number(operator.currentStep);
  const step = steps[index]?.replace(/^\d+:\{/, '').replace(/\}$/, '');
  const timeout = /timeout:\[([^\]]*)\]/.exec(match[2] ?? '')?.[1];
  const timeoutMs = timeout === undefined ? undefined : parseGoDuration(timeout);
  return {
    kind: 'progress',
    status: status === '5' ? 'CREATED' : 'RUNNING',
    detail:
      steps.length === 0
        ? `PD: ${line}`
        : `step ${Math.min(index + 1, steps.length)} of ${steps.length}${step === undefined ? '' : `: ${step}`}`,
    ...(timeoutMs !== undefined && { timeoutMs }),
  };
}

function reached(goal: OperatorGoal, region: RegionPeers): boolean {
  if (goal.kind === 'transfer_leader') return region.leaderStoreId === goal.toStoreId;
  const stores = region.peers.map((p) => p.storeId);
  return stores.includes(goal.toStoreId) && !stores.includes(goal.fromStoreId);
}

function wanted(goal: OperatorGoal): string {
  return goal.kind === 'transfer_leader'
    ? `its leader on store ${goal.toStoreId}`
    : `a peer on store ${goal.toStoreId} and none on store ${goal.fromStoreId}`;
}

export function verifyRegion(
  goal: OperatorGoal,
  answer: PollAnswer,
  ended: Extract<Judgement, { kind: 'terminal' }>,
): Verdict {
  const id = goal.regionId;
  if (!answer.ok && answer.status !== 404) {
    const why = answer.status === undefined ? answer.errorCode : `HTTP ${answer.status}`;
    return {
      state: ended.state,
      status: ended.status,
      detail: `${ended.detail}. Not verified: the region could not be read (${why}).`,
      retry: true,
    };
  }
  const region = answer.ok ? readRegion(answer.body) : 'not_found';
  if (region === undefined) {
    return {
      state: ended.state,
      status: ended.status,
      detail: `${ended.detail}. Not verified: PD's region answer was not readable.`,
    };
  }
  if (region === 'not_found') {
    return {
      state: ended.state === 'succeeded' ? 'succeeded' : ended.state,
      status: ended.status,
      detail: `${ended.detail}. Region ${id} no longer exists (merged?), so nothing can be verified.`,
    };
  }
  const now = describeRegion(id, region);
  const ok = reached(goal, region);
  if (ended.state === 'succeeded') {
    return ok
      ? { state: 'succeeded', status: 'SUCCESS', detail: `Verified: ${now}.` }
      : {
          state: 'succeeded',
          status: 'SUCCESS',
          detail: `PD reports SUCCESS, but ${now}, not ${wanted(goal)}: it may have changed again since.`,
          retry: true,
        };
  }
  if (ended.state === 'failed') {
    return { state: 'failed', status: ended.status, detail: `${ended.detail}. Now ${now}.` };
  }
  // PD kept no record (or shows another operator): the region is all there is to go on.
  return ok
    ? {
        state: 'succeeded',
        status: 'VERIFIED',
        detail: `${ended.detail}; the region shows it happened: ${now}.`,
      }
    : {
        state: 'stopped',
        status: ended.status,
        detail: `${ended.detail}; the region does not show ${wanted(goal)}: ${now}. It did not happen, or was undone.`,
      };
}
