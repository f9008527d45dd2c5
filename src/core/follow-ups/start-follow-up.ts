import type { ActionDefinition, ActionParams } from '../actions/action-definition.js';
import type { FollowUpMessageRef } from './follow-up-store.js';

export interface StartFollowUp {
  readonly action: ActionDefinition;
  readonly params: ActionParams;
  readonly cluster: string;
  readonly requesterId: string;
  readonly correlationId: string;
  readonly message?: FollowUpMessageRef;
}
