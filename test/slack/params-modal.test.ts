import { describe, expect, it } from 'vitest';
import type { ActionDefinition } from '../../src/core/actions/action-definition.js';
import { MAX_ID } from '../../src/core/commands/parameter-type.js';
import {
  buildParamsModal,
  paramBlockId,
  readModalValues,
  VALUE_ACTION_ID,
} from '../../src/slack/params-modal.js';

const ACTION: ActionDefinition = {
  name: 'probe',
  description: 'd',
  parameters: {
    store_id: { type: 'store_id', description: 'Store', required: true },
    mode: { type: 'choice', description: 'Mode', required: true, choices: ['leader', 'peer'] },
    wait: { type: 'duration', description: 'How long', required: false },
  },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
};

const METADATA = { action: 'probe', channelId: 'C1', userId: 'U1', responseUrl: 'https://x', issuedAt: 0 };

describe('the params modal, generated from parameter kinds', () => {
  it('asks a store with a live picker, a choice with a select and a duration with text', () => {
    const view = buildParamsModal(ACTION, { mode: 'peer' }, METADATA, 'http://pd:2379');
    const elements: Record<string, unknown> = {};
    for (const block of view.blocks) {
      if (block.type === 'input' && 'element' in block && block.block_id)
        elements[block.block_id] = block.element;
    }
    expect(elements[paramBlockId('store_id')]).toEqual({
      type: 'external_select',
      action_id: VALUE_ACTION_ID,
      min_query_length: 0,
      placeholder: { type: 'plain_text', text: 'Type an id, address or label' },
    });
    expect(elements[paramBlockId('mode')]).toMatchObject({
      type: 'static_select',
      options: [
        { text: { type: 'plain_text', text: 'leader' }, value: 'leader' },
        { text: { type: 'plain_text', text: 'peer' }, value: 'peer' },
      ],
      initial_option: { value: 'peer' },
    });
    expect(elements[paramBlockId('wait')]).toMatchObject({ type: 'plain_text_input' });
  });

  it('asks a region with a number input, and prefills a store picker only with a usable id', () => {
    const move: ActionDefinition = {
      ...ACTION,
      parameters: {
        region_id: { type: 'region_id', description: 'Region', required: true },
        store_id: { type: 'store_id', description: 'Store', required: true },
      },
    };
    const blocks = (provided: Record<string, string>) =>
      buildParamsModal(move, provided, METADATA, 'http://pd:2379').blocks as {
        block_id?: string;
        dispatch_action?: boolean;
        element?: Record<string, unknown>;
      }[];
    const [region, store] = blocks({ store_id: '4' }).filter((b) => b.block_id?.startsWith('param:'));
    expect(region?.element).toMatchObject({
      type: 'number_input',
      min_value: '1',
      max_value: String(MAX_ID),
    });
    // Region and store together: both dispatch, so the form can show the region's peers.
    expect([region?.dispatch_action, store?.dispatch_action]).toEqual([true, true]);
    expect(store?.element?.initial_option).toEqual({
      text: { type: 'plain_text', text: 'Store 4' },
      value: '4',
    });
    const bad = blocks({ store_id: '4x' }).find((b) => b.block_id === paramBlockId('store_id'));
    expect(bad?.element?.initial_option).toBeUndefined();
    // A store alone (drain-store): nothing to show before Run, so no dispatch.
    const alone = buildParamsModal(ACTION, {}, METADATA, 'http://pd:2379').blocks as {
      dispatch_action?: boolean;
    }[];
    expect(alone.some((b) => b.dispatch_action)).toBe(false);
  });

  it("reads a select's selected_option like a typed value", () => {
    expect(
      readModalValues(ACTION, {
        [paramBlockId('store_id')]: { [VALUE_ACTION_ID]: { value: '4' } },
        [paramBlockId('mode')]: { [VALUE_ACTION_ID]: { selected_option: { value: 'leader' } } },
        [paramBlockId('wait')]: { [VALUE_ACTION_ID]: { value: '' } },
      }),
    ).toEqual({ store_id: '4', mode: 'leader' });
  });
});
