import type { ActionParams } from '../../src/core/actions/action-definition.js';
import type { ExecutionRequest, Target } from '../../src/core/engine/outcome.js';
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
