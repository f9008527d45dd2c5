import { describe, expect, it } from 'vitest';
import type { PollAnswer } from '../../../../src/core/follow-ups/follow-up-declaration.js';
import { judgeOperator, verifyRegion } from '../../../../src/subjects/tikv/follow-ups/operator-follow-up.js';
import { parseGoDuration } from '../../../../src/subjects/tikv/follow-ups/parse-go-duration.js';

const LEADER = { kind: 'transfer_leader', regionId: 2001, toStoreId: 4 } as const;
const PEER = { kind: 'transfer_peer', regionId: 2001, fromStoreId: 5, toStoreId: 7 } as const;
const OP =
  'admin-transfer-leader {transfer leader: store 1 to 4} (kind:admin,leader, region:2001(120, 5), createAt:2026-08-21 10:15:02.345678901 +0800 CST m=+86400.123456789, startAt:2026-08-21 10:15:02.346012345 +0800 CST m=+86400.123789012, currentStep:0, size:96, steps:[0:{transfer leader from store 1 to store 4}], timeout:[1m0s])';
const ok = (text: string): PollAnswer => ({ ok: true, status: 200, body: `${JSON.stringify(text)}\n` });

describe('the operator follow-up reads PD as pd-api.md §2.2 says it answers', () => {
  it('RUNNING is progress with the current step and PD’s own timeout', () => {
    expect(judgeOperator(LEADER, ok(`status: RUNNING, operator: ${OP}`))).toEqual({
      kind: 'progress',
      status: 'RUNNING',
      detail: 'step 1 of 1: transfer leader from store 1 to store 4',
      timeoutMs: 60_000,
    });
  });

  it('a not-yet-started operator prints as 5: CREATED, still progress', () => {
    expect(judgeOperator(LEADER, ok(`status: 5, operator: ${OP}`))).toMatchObject({
      kind: 'progress',
      status: 'CREATED',
    });
  });

  it.each(['TIMEOUT', 'CANCEL', 'REPLACE', 'EXPIRED'])('%s ends it as failed, in PD’s word', (word) => {
    expect(judgeOperator(LEADER, ok(`status: ${word}, operator: ${OP}`))).toMatchObject({
      kind: 'terminal',
      status: word,
      state: 'failed',
    });
  });

  it('another operator on the region means ours ended unseen', () => {
    const other = OP.replace('admin-transfer-leader', 'balance-leader');
    expect(judgeOperator(LEADER, ok(`status: RUNNING, operator: ${other}`))).toMatchObject({
      kind: 'terminal',
      status: 'OTHER_OPERATOR',
      state: 'stopped',
    });
  });

  it('500 ErrOperatorNotFound (and a 404) mean PD no longer knows it; other errors are asked again', () => {
    const gone: PollAnswer = {
      ok: false,
      status: 500,
      body: '"[PD:operator:ErrOperatorNotFound]operator not found"\n',
    };
    expect(judgeOperator(LEADER, gone)).toMatchObject({ kind: 'terminal', status: 'NO_OPERATOR' });
    expect(judgeOperator(LEADER, { ok: false, status: 404, body: '404 page not found' })).toMatchObject({
      status: 'NO_OPERATOR',
    });
    expect(judgeOperator(LEADER, { ok: false, status: 503, body: 'no leader' }).kind).toBe('unreadable');
    expect(judgeOperator(LEADER, { ok: false, errorCode: 'PD_CONNECTION_REFUSED', message: 'x' }).kind).toBe(
      'unreadable',
    );
  });

  it('verifies a transfer-peer by the peer set: on the target, gone from the source', () => {
    const region = (stores: number[]): PollAnswer => ({
      ok: true,
      status: 200,
      body: JSON.stringify({
        id: 2001,
        peers: stores.map((s) => ({ role_name: 'Voter', store_id: s })),
        leader: { store_id: 1 },
      }),
    });
    const success = {
      kind: 'terminal',
      status: 'SUCCESS',
      state: 'succeeded',
      detail: 'PD: SUCCESS',
    } as const;
    expect(verifyRegion(PEER, region([1, 4, 7]), success)).toMatchObject({
      state: 'succeeded',
      status: 'SUCCESS',
    });
    expect(verifyRegion(PEER, region([1, 4, 5]), success)).toMatchObject({ retry: true });
    // PD's three not-found forms.
    for (const body of ['null', JSON.stringify({ id: 0, leader: { role_name: '' } })]) {
      expect(verifyRegion(PEER, { ok: true, status: 200, body }, success).detail).toContain(
        'no longer exists',
      );
    }
    expect(verifyRegion(PEER, { ok: false, status: 404, body: '"not found"' }, success).detail).toContain(
      'no longer exists',
    );
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['1m0s', 60_000],
    ['10m9.6s', 609_600],
    ['1h2m3s', 3_723_000],
    ['500ms', 500],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it('refuses anything else', () => {
    expect(parseGoDuration('')).toBeUndefined();
    expect(parseGoDuration('1m0s trailing')).toBeUndefined();
    expect(parseGoDuration('soon')).toBeUndefined();
  });
});
