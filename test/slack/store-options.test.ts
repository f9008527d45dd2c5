import { describe, expect, it } from 'vitest';
import type { StoreSummary } from '../../src/core/stores/store-directory.js';
import { renderStoreOptions, storeOptionText } from '../../src/slack/store-options.js';
import { optionsLimitError } from '../support/fake-slack/index.js';

const store = (id: number, extra: Partial<StoreSummary> = {}): StoreSummary => ({
  id,
  address: `tikv-${id}.tikv-peer.tidb.svc.cluster.local:20160`,
  stateName: 'Up',
  labels: [
    { key: 'zone', value: `az${id % 3}` },
    { key: 'host', value: `a-rather-long-host-name-${id}` },
  ],
  leaderCount: 11_982,
  regionCount: 35_811,
  evicting: false,
  ...extra,
});

describe('store options as Slack takes them', () => {
  it('keeps id, state and leader count and cuts the rest at 75 characters', () => {
    const text = storeOptionText(store(10_000, { stateName: 'Disconnected', evicting: true }), '');
    expect(text.length).toBeLessThanOrEqual(75);
    expect(text).toMatch(/^10000 · Disconnected · evicting · 11,982 leaders · tikv-10000\./);
    expect(text.endsWith('…')).toBe(true);
    expect(storeOptionText(store(1, { leaderCount: 1 }), '')).toContain('· 1 leader ·');
  });

  it('answers 10,000 matches with 100 options and a label that says so, within every limit', () => {
    const stores = Array.from({ length: 100 }, (_, i) => store(i + 1));
    const answer = renderStoreOptions(
      { ok: true, stores, matched: 10_000, scope: 'Up stores with leaders', fresh: true, readAt: 0 },
      '',
      0,
    );
    expect(optionsLimitError(answer)).toBeUndefined();
    expect(answer).toMatchObject({
      option_groups: [
        { label: { text: 'Up stores with leaders (10,000 match, first 100; type to narrow)' } },
      ],
    });
  });

  it('says how old the list is when PD was slow', () => {
    const answer = renderStoreOptions(
      { ok: true, stores: [store(4)], matched: 1, scope: 'Up stores', fresh: false, readAt: 0 },
      '',
      40_000,
    );
    expect(answer).toMatchObject({
      option_groups: [{ label: { text: 'PD slow, list 40 s old · Up stores (1)' } }],
    });
  });

  it('offers nothing when PD failed, except an id typed, marked unchecked', () => {
    const failed = { ok: false as const, error: { code: 'PD_SLOW' as const, detail: 'x' } };
    expect(renderStoreOptions(failed, 'tikv', 0)).toEqual({ options: [] });
    expect(renderStoreOptions(failed, '99999999999999999', 0)).toEqual({ options: [] });
    expect(renderStoreOptions(failed, ' 7 ', 0)).toEqual({
      options: [{ text: { type: 'plain_text', text: '7 · not checked: PD did not answer' }, value: '7' }],
    });
  });

  it('the fake refuses what Slack would refuse: 101 options, a 76-character text', () => {
    const option = (text: string) => ({ text: { type: 'plain_text', text }, value: '1' });
    expect(optionsLimitError({ options: Array.from({ length: 101 }, () => option('x')) })).toContain(
      'max 100',
    );
    expect(optionsLimitError({ options: [option('x'.repeat(76))] })).toContain('max 75');
    expect(
      optionsLimitError({ option_groups: [{ label: { text: 'y'.repeat(76) }, options: [] }] }),
    ).toContain('label');
  });
});
