import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';
import type { Clock } from '../../src/core/engine/engine.js';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { blockActionsPayload, postInteraction } from '../support/fake-slack/index.js';
import { flat, slash } from './slack-e2e-helpers.js';

/** The ts the fake's clicks say the approval request message has. */
export const REQUEST_TS = '1795888800.000100';

export const POLICY = `version: 1
description: test policy
approvals:
  required_for_risk: [high]
  ttl_minutes: 20
  approvers:
    users: [U0LEAD, U0LEAD2]
    groups: [S0LEADS]
rules:
  - name: oncall-incident
    users: [U0ONCALL]
    groups: [S0SRE]
    channels: [C0INCIDENT]
    risk: [medium, high]
`;

/** A wall clock the test moves by hand, so expiry needs no waiting. */
export function manualClock(
  start = Date.parse('2026-11-28T18:00:00Z'),
): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => new Date(now), monotonic: () => performance.now(), advance: (ms) => (now += ms) };
}

/**
 * The real bot with an audit file and a policy that grants U0ONCALL medium and high risk in
 * C0INCIDENT, high risk needing U0LEAD, U0LEAD2 or group S0LEADS. Call inside a describe block.
 */
export function useSafetyHarness() {
  let current: Harness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const h = (): Harness => {
    if (!current) throw new Error('call start() first');
    return current;
  };

  async function start(clock?: Clock, approvalSweepMs?: number) {
    dir = await mkdtemp(join(tmpdir(), 'tikv-audit-'));
    const auditFile = join(dir, 'audit.jsonl');
    current = await startHarness({
      mode: 'http',
      policy: POLICY,
      auditFile,
      ...(clock && { clock }),
      ...(approvalSweepMs !== undefined && { approvalSweepMs }),
    });
    current.slack.setUsergroup('S0SRE', ['U0GROUPIE']);
    current.slack.setUsergroup('S0LEADS', []);
    return {
      h: current,
      auditFile,
      audit: async () =>
        (await readFile(auditFile, 'utf8'))
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as AuditRecord),
    };
  }

  /** Ask for a high-risk action and return the approval id from the posted buttons. */
  async function requestApproval(text = 'drain-store 3') {
    const { result, responseUrl } = await slash(h(), text);
    const message = (await result()).body as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const actions = message.blocks.find((b) => b.type === 'actions');
    const approvalId = actions?.elements?.find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (!approvalId) throw new Error(`no approval buttons in ${flat(message)}`);
    return { message, approvalId, responseUrl };
  }

  /** A button click as Slack sends it; resolves with what the bot posted to the click's response_url. */
  async function click(actionId: string, approvalId: string, userId: string) {
    const responseUrl = h().slack.newResponseUrl();
    const res = await postInteraction(
      h().botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId,
        value: approvalId,
        userId,
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000100',
        responseUrl,
        blockId: 'tikv:approval',
      }),
    );
    expect(res.status).toBe(200);
    const reply = await h().slack.waitForResponse((r) => r.url === responseUrl);
    return reply.body as Record<string, unknown>;
  }

  return { h, start, requestApproval, click };
}

/** A click as Slack sends it, without waiting for the bot's reply: returns the ack's status and a way to wait for the reply. */
export async function postClick(h: Harness, actionId: string, approvalId: string, userId: string) {
  const responseUrl = h.slack.newResponseUrl();
  const res = await postInteraction(
    h.botUrl,
    SIGNING_SECRET,
    blockActionsPayload({
      actionId,
      value: approvalId,
      userId,
      channelId: 'C0INCIDENT',
      messageTs: REQUEST_TS,
      responseUrl,
      blockId: 'tikv:approval',
    }),
  );
  return {
    status: res.status,
    reply: async () =>
      (await h.slack.waitForResponse((r) => r.url === responseUrl)).body as Record<string, unknown>,
  };
}
