import type { GoJsonValue } from './go-json.js';
import { formatGoDuration, formatGoTime, GO_ZERO_TIME_STRING } from './go-time.js';
import type { SimClock } from './sim-clock.js';
import { OP_STATUS_NUMBER, type OpStep, type PeerRef, type SimOperator } from './sim-operator.js';

/** Step.String() texts from pkg/schedule/operator/step.go. */
export function stepString(step: OpStep): string {
  switch (step.type) {
    case 'transfer-leader':
      return `transfer leader from store ${step.fromStoreId} to store ${step.toStoreId}`;
    case 'add-learner':
      return `add learner peer ${step.peer.peerId} on store ${step.peer.storeId}`;
    case 'promote-learner':
      return `promote learner peer ${step.peer.peerId} on store ${step.peer.storeId} to voter`;
    case 'enter-joint':
      return `use joint consensus${jointChanges(step.promote, step.demote)}`;
    case 'leave-joint':
      return `leave joint state${jointChanges(step.promote, step.demote)}`;
    case 'remove-peer':
      return `remove peer on store ${step.storeId}`;
  }
}

function jointChanges(promote: readonly PeerRef[], demote: readonly PeerRef[]): string {
  return (
    promote.map((p) => `, promote learner peer ${p.peerId} on store ${p.storeId} to voter`).join('') +
    demote.map((p) => `, demote voter peer ${p.peerId} on store ${p.storeId} to learner`).join('')
  );
}

/**
 * Operator.String() (§2.1):
 * `<desc> {<brief>} (kind:…, region:<id>(<version>, <conf_ver>), createAt:…, startAt:…, currentStep:n,
 * size:n, steps:[0:{…}, …], timeout:[…])`, plus ` finished` / ` timeout`.
 */
export function operatorString(op: SimOperator, clock: SimClock): string {
  const steps = op.steps.map((step, i) => `${i}:{${stepString(step)}}`).join(', ');
  const startAt =
    op.startedAtNs === undefined ? GO_ZERO_TIME_STRING : formatGoTime(clock.instantAt(op.startedAtNs));
  let text =
    `${op.desc} {${op.brief}} (kind:${op.kinds.join(',')}, region:${op.regionId}(${op.epochVersion}, ` +
    `${op.epochConfVer}), createAt:${formatGoTime(clock.instantAt(op.createdAtNs))}, startAt:${startAt}, ` +
    `currentStep:${op.currentStep}, size:${op.size}, steps:[${steps}], timeout:[${formatGoDuration(op.timeoutNs)}])`;
  if (op.status === 'SUCCESS') text += ' finished';
  if (op.status === 'TIMEOUT') text += ' timeout';
  return text;
}

/** OpWithStatus as GET /operators/{region_id} renders it. */
export function operatorWithStatusString(op: SimOperator, clock: SimClock): string {
  return `status: ${op.status}, operator: ${operatorString(op, clock)}`;
}

/** OpRecord.String() for /operators/records. */
export function operatorRecordString(op: SimOperator, clock: SimClock): string {
  const finishedAt = op.finishedAtNs ?? op.createdAtNs;
  const duration = BigInt(Math.max(0, finishedAt - (op.startedAtNs ?? op.createdAtNs)));
  return `${operatorString(op, clock)} (finishAt:${formatGoTime(clock.instantAt(finishedAt))}, duration:${formatGoDuration(duration)})`;
}

/** The `?object` form (v8.0+). `region_epoch` fields are omitted when zero. */
export function operatorObject(op: SimOperator): GoJsonValue {
  return {
    desc: op.desc,
    brief: op.brief,
    region_id: op.regionId,
    region_epoch: {
      conf_ver: op.epochConfVer === 0 ? undefined : op.epochConfVer,
      version: op.epochVersion === 0 ? undefined : op.epochVersion,
    },
    kind: op.kindBits,
    timeout: formatGoDuration(op.timeoutNs),
    status: OP_STATUS_NUMBER[op.status],
  };
}
