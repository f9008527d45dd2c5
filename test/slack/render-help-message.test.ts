import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/core/actions/action-registry.js';
import { interpretCommand } from '../../src/core/commands/interpret-command.js';
import { renderHelpMessage } from '../../src/slack/render-help-message.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';

const registry = new ActionRegistry(TIKV_ACTIONS);

describe('renderHelpMessage', () => {
  it('lists whoami and can <action> next to the actions, in the blocks and the text', () => {
    const message = renderHelpMessage(registry, 'http://pd:2379');
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain('`/tikv whoami` — what you may run here, and why');
    expect(blocks).toContain('`/tikv can &lt;action&gt;` — whether you may run one action here');
    expect(message.text).toContain('/tikv whoami\n/tikv can <action>');
  });

  it('lists only what the parser reads as built-ins', () => {
    expect(interpretCommand('whoami', registry).kind).toBe('permissions');
    expect(interpretCommand('can drain-store', registry).kind).toBe('permissions');
  });

  it('leaves the built-ins out of help for one action', () => {
    const message = renderHelpMessage(registry, 'http://pd:2379', registry.get('drain-store'));
    expect(JSON.stringify(message)).not.toContain('whoami');
  });
});
