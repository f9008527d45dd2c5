import { describe, expect, it } from 'vitest';
import type { ActionDefinition } from '../../../src/core/actions/action-definition.js';
import {
  ActionRegistry,
  DuplicateActionError,
  InvalidActionDefinitionError,
} from '../../../src/core/actions/action-registry.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';

const action = (name: string): ActionDefinition => ({
  name,
  description: 'd',
  parameters: {},
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
});

describe('ActionRegistry', () => {
  it('lists the TiKV actions in declaration order', () => {
    expect(new ActionRegistry(TIKV_ACTIONS).listActionNames()).toEqual([
      'transfer_leader',
      'transfer_peer',
      'drain_store',
      'cancel_operator',
      'undrain_store',
      'health',
      'stores',
      'store',
      'operators',
      'operator',
      'operator_history',
      'schedulers',
      'region',
      'region_key',
      'regions_check',
    ]);
  });

  it('finds an action by the hyphenated name users type and by snake_case', () => {
    const registry = new ActionRegistry(TIKV_ACTIONS);
    expect(registry.get('transfer-leader')?.name).toBe('transfer_leader');
    expect(registry.get('transfer_leader')?.name).toBe('transfer_leader');
    expect(registry.get('nope')).toBeUndefined();
  });

  it('refuses to start with a duplicate action name', () => {
    expect(() => new ActionRegistry([action('a_b'), action('a_b')])).toThrow(DuplicateActionError);
  });

  it('refuses risk read on a write, and any other risk on a read-only view', () => {
    expect(() => new ActionRegistry([{ ...action('a_b'), mutating: true }])).toThrow(
      'risk read is for read-only actions',
    );
    expect(() => new ActionRegistry([{ ...action('a_b'), riskLevel: 'low' }])).toThrow(
      'risk read is for read-only actions',
    );
  });

  it('refuses names that are not snake_case', () => {
    expect(() => new ActionRegistry([action('Transfer-Leader')])).toThrow(InvalidActionDefinitionError);
  });

  it('declares the risk levels and approval flags the product promises', () => {
    const byName = Object.fromEntries(TIKV_ACTIONS.map((a) => [a.name, a]));
    expect(byName.transfer_leader?.riskLevel).toBe('medium');
    expect(byName.transfer_peer?.riskLevel).toBe('high');
    expect(byName.transfer_peer?.description).toBe('Move region replica from one store to another');
    expect(byName.drain_store?.riskLevel).toBe('high');
    expect(byName.drain_store?.description).toBe('Evict all leaders from a store; continuous until removed');
    expect(TIKV_ACTIONS.every((a) => a.requiresApproval === false)).toBe(true);
  });
});
