import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/core/actions/action-registry.js';
import { modalMetadataKey } from '../../src/slack/modal-metadata.js';
import { renderOutcomeMessage } from '../../src/slack/render-outcome-message.js';
import {
  readUndoValue,
  UNDO_BLOCK_ID,
  undoButtons,
  withoutUndoButtons,
} from '../../src/slack/undo-button.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';
import { checkMessage } from '../support/fake-slack/slack-limits.js';
import { expectGolden } from '../support/golden.js';
import { okOutcomeFor, requestFor } from '../support/outcome-fixtures.js';

const registry = new ActionRegistry(TIKV_ACTIONS);
const key = modalMetadataKey('golden-signing-secret');
const context = { registry, key, now: new Date('2026-11-28T18:00:05Z') };

function pdAnswer(method: 'POST' | 'DELETE', path: string, rawBody: string) {
  return {
    request: { method, path },
    endpoint: 'http://pd-0.pd-peer:2379',
    status: 200,
    contentType: 'application/json; charset=UTF-8',
    rawBody,
    pdMessage: JSON.parse(rawBody) as string,
    durationMs: 3,
  };
}

describe('undo buttons', () => {
  it('golden: transfer-leader accepted, with Cancel under it', () => {
    const outcome = okOutcomeFor(
      'transfer_leader',
      { region_id: 42, to_store_id: 4 },
      pdAnswer('POST', '/pd/api/v1/operators', '"The operator is created."\n'),
    );
    const rendered = renderOutcomeMessage(outcome);
    const message = { ...rendered, blocks: [...rendered.blocks, ...undoButtons(outcome.request, context)] };
    expectGolden('slack/transfer-leader-ok-with-cancel', message);
    expect(checkMessage(message)).toBeUndefined();
  });

  it('golden: drain-store accepted on a production cluster, with Undrain under it', () => {
    const accepted = okOutcomeFor(
      'drain_store',
      { store_id: 3 },
      pdAnswer('POST', '/pd/api/v1/schedulers', '"The scheduler is created."\n'),
    );
    const outcome = { ...accepted, target: { ...accepted.target, production: true } };
    const rendered = renderOutcomeMessage(outcome);
    const message = {
      ...rendered,
      blocks: [
        ...rendered.blocks,
        ...undoButtons(outcome.request, { ...context, target: { production: true } }),
      ],
    };
    expectGolden('slack/drain-store-ok-with-undrain', message);
    expect(checkMessage(message)).toBeUndefined();
  });

  it('offers Cancel under transfer-peer too, and nothing under an action with no undo', () => {
    const peer = undoButtons(
      requestFor('transfer_peer', { region_id: 7, from_store_id: 1, to_store_id: 4 }),
      context,
    );
    expect(JSON.stringify(peer)).toContain('Sends DELETE /pd/api/v1/operators/7 to PD');
    expect(undoButtons(requestFor('cancel_operator', { region_id: 7 }), context)).toEqual([]);
    expect(undoButtons(requestFor('health', {}), context)).toEqual([]);
  });

  it('signs a value that reads back as the undo request and the original correlation id', () => {
    const [block] = undoButtons(requestFor('drain_store', { store_id: 3 }), context);
    const value = (block as { elements: { value: string }[] }).elements[0]?.value;
    expect(readUndoValue(value, key)).toEqual({
      ok: true,
      value: { a: 'undrain_store', p: { store_id: '3' }, c: 'default', o: 'c0ffee123456' },
    });
    // Another bot (another secret) cannot make one this bot accepts.
    expect(readUndoValue(value, modalMetadataKey('another-secret'))).toEqual({
      ok: false,
      problem: 'UNDO_VALUE_BAD_SIGNATURE',
    });
    // Nor can the key that signs forms sign buttons directly: the button key is derived apart.
    expect(
      readUndoValue(
        value?.replace(/\.[^.]+$/, `.${key.sign(value.split('.')[1] ?? '').toString('base64url')}`),
        key,
      ),
    ).toEqual({
      ok: false,
      problem: 'UNDO_VALUE_BAD_SIGNATURE',
    });
  });

  it("keeps the confirm dialog within Slack's limits, PD's request first, however long the cluster name", () => {
    const request = { ...requestFor('transfer_peer', { region_id: 7, from_store_id: 1, to_store_id: 4 }) };
    const blocks = undoButtons(
      { ...request, cluster: 'c'.repeat(300), correlationId: 'x'.repeat(64) },
      { ...context, target: { production: true } },
    );
    expect(checkMessage({ text: 't', blocks })).toBeUndefined();
    const confirm = (blocks[0] as { elements: { confirm: { text: { text: string } } }[] }).elements[0]
      ?.confirm;
    expect(confirm?.text.text).toMatch(/^Sends DELETE \/pd\/api\/v1\/operators\/7 to PD on cluster c+/);
    expect(confirm?.text.text.length).toBeLessThanOrEqual(300);
  });

  it('takes off only the undo block', () => {
    const blocks = [{ type: 'section' }, { type: 'actions', block_id: UNDO_BLOCK_ID }, { type: 'context' }];
    expect(withoutUndoButtons(blocks)).toEqual([{ type: 'section' }, { type: 'context' }]);
  });
});
