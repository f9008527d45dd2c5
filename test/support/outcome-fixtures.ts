import type { ActionParams } from '../../src/core/actions/action-definition.js';
import type { ExecutionRequest, Outcome, Target } from '../../src/core/engine/outcome.js';
import type { PdResponse } from '../../src/core/pd/pd-port.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';

export const AT = new Date('2026-11-28T18:00:05Z');
export const TARGET: Target = {
  cluster: 'default',
  production: false,
  endpoint: 'http://pd-0.pd-peer:2379',
  simulated: false,
};

export function requestFor(name: string, params: ActionParams): ExecutionRequest {
  const action = TIKV_ACTIONS.find((a) => a.name === name);
  if (!action) throw new Error(`no action ${name}`);
  return {
    action,
    params,
    actor: { id: 'U0ONCALL', source: 'slack' },
    channelId: 'C0INCIDENT',
    cluster: 'default',
    correlationId: 'c0ffee123456',
  };
}

/** PD's 2xx answer to a TIKV action as the engine reports it, timed so goldens stay stable. */
export function okOutcomeFor(
  name: string,
  params: ActionParams,
  response: PdResponse,
): Extract<Outcome, { kind: 'ok' }> {
  return {
    kind: 'ok',
    request: requestFor(name, params),
    target: TARGET,
    response: { ...response, durationMs: 3 },
    startedAt: AT,
    durationMs: 3,
  };
}
