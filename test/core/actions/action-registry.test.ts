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

  describe('undo declarations, checked at start', () => {
    const write = (name: string, extra: Partial<ActionDefinition> = {}): ActionDefinition => ({
      ...action(name),
      riskLevel: 'low',
      mutating: true,
      parameters: { region_id: { type: 'region_id', description: 'r', required: true } },
      ...extra,
    });

    it('declares Cancel for transfer-leader and transfer-peer, Undrain for drain-store', () => {
      const registry = new ActionRegistry(TIKV_ACTIONS);
      const undo = (name: string, params: Record<string, number>) => registry.get(name)?.undo?.(params);
      expect(undo('transfer_leader', { region_id: 42, to_store_id: 4 })).toEqual({
        action: 'cancel_operator',
        params: { region_id: 42 },
        label: 'Cancel',
      });
      expect(undo('transfer_peer', { region_id: 42, from_store_id: 1, to_store_id: 4 })).toEqual({
        action: 'cancel_operator',
        params: { region_id: 42 },
        label: 'Cancel',
      });
      expect(undo('drain_store', { store_id: 4 })).toEqual({
        action: 'undrain_store',
        params: { store_id: 4 },
        label: 'Undrain',
      });
      const undoable = TIKV_ACTIONS.filter((a) => a.undo !== undefined).map((a) => a.name);
      expect(undoable).toEqual(['transfer_leader', 'transfer_peer', 'drain_store']);
    });

    it('accepts an undo naming an action declared after it', () => {
      const undo = () => ({ action: 'b_undo', params: { region_id: 1 }, label: 'Undo' });
      expect(() => new ActionRegistry([write('a_do', { undo }), write('b_undo')])).not.toThrow();
    });

    it('refuses an undo naming an action that is not registered', () => {
      const undo = () => ({ action: 'nope', params: { region_id: 1 }, label: 'Undo' });
      expect(() => new ActionRegistry([write('a_do', { undo })])).toThrow(
        'action "a_do": its undo names "nope", which is not a registered action',
      );
    });

    it('refuses an undo whose parameters the undo action does not accept', () => {
      const wrongName = () => ({ action: 'b_undo', params: { store_id: 1 }, label: 'Undo' });
      expect(() => new ActionRegistry([write('a_do', { undo: wrongName }), write('b_undo')])).toThrow(
        'its undo builds parameters "b_undo" refuses',
      );
      const notAnId = () => ({ action: 'b_undo', params: { region_id: -1 }, label: 'Undo' });
      expect(() => new ActionRegistry([write('a_do', { undo: notAnId }), write('b_undo')])).toThrow(
        InvalidActionDefinitionError,
      );
    });

    it('refuses an undo that names a read-only view or itself, or sits on a read-only view', () => {
      const toView = () => ({ action: 'b_view', params: {}, label: 'Undo' });
      expect(() => new ActionRegistry([write('a_do', { undo: toView }), action('b_view')])).toThrow(
        'a read-only action that undoes nothing',
      );
      const toSelf = () => ({ action: 'a_do', params: { region_id: 1 }, label: 'Undo' });
      expect(() => new ActionRegistry([write('a_do', { undo: toSelf })])).toThrow('names the action itself');
      const onView = () => ({ action: 'b_undo', params: { region_id: 1 }, label: 'Undo' });
      expect(() => new ActionRegistry([{ ...action('a_view'), undo: onView }, write('b_undo')])).toThrow(
        'declared on a read-only action',
      );
    });
  });
});
