import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultSpec } from '@tikv-chatops/pd-sim';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';
import type { ShutdownResult } from '../../src/lifecycle/drain-and-stop.js';
import { RESTARTING_TEXT } from '../../src/slack/admit-slack-request.js';
import { PARAMS_MODAL_CALLBACK_ID } from '../../src/slack/params-modal.js';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import {
  blockActionsPayload,
  postInteraction,
  slashCommandFields,
  viewSubmissionPayload,
} from '../support/fake-slack/index.js';
import { manualClock, POLICY } from './safety-harness.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

const OPERATORS = '/pd/api/v1/operators';
const SCHEDULERS = '/pd/api/v1/schedulers';
/** PD takes the operator at once and answers late: the POST is in flight while the bot shuts down. */
const slowPd = (path: string): FaultSpec => ({ method: 'POST', path, action: 'delay', ms: 300 });

describe('graceful shutdown with work in flight', () => {
  let h: Harness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function start(mode: 'http' | 'socket', policy?: string) {
    dir = await mkdtemp(join(tmpdir(), 'tikv-shutdown-'));
    const auditFile = join(dir, 'audit.jsonl');
    h = await startHarness({ mode, auditFile, ...(policy !== undefined && { policy }) });
    if (policy === POLICY) {
      h.slack.setUsergroup('S0SRE', []);
      h.slack.setUsergroup('S0LEADS', []);
    }
    const audit = async (): Promise<AuditRecord[]> =>
      (await readFile(auditFile, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditRecord);
    return { h, audit };
  }

  /**
   * Starts the shutdown the moment PD receives the matching request: the `.then` runs in the same
   * turn as PD's request handler, so the drain has begun before PD's (delayed) answer can exist.
   */
  function shutdownWhenPdReceives(harness: Harness, method: string, path: string): Promise<ShutdownResult> {
    return harness.sim
      .waitForRequest((r) => r.method === method && r.path === path, 10_000)
      .then(() => harness.bot.shutdown('SIGTERM'));
  }

  /** Log decisions in the order they were written. */
  const decisions = (harness: Harness) => harness.logs.lines.map((l) => l.decision);

  it('over HTTP, posts the reply in the channel via response_url before it reports stopped', async () => {
    const { h, audit } = await start('http');
    h.sim.faults.add(slowPd(OPERATORS));
    const stopping = shutdownWhenPdReceives(h, 'POST', OPERATORS);
    const { ack, responseUrl } = await slash(h, 'transfer-leader 42 4');
    expect(ack.status).toBe(200);
    expect(await stopping).toEqual({ code: 0, unfinished: [], failedSteps: [] });
    expect(h.bot.work.size).toBe(0);
    // Already there when shutdown resolved: no waiting needed.
    const reply = h.slack.responses.find((r) => r.url === responseUrl);
    expect(reply?.body).toMatchObject({ response_type: 'in_channel' });
    expect(flat(reply?.body)).toContain(fenced('"The operator is created."\n'));
    const draining = h.logs.find((l) => l.decision === 'draining')[0];
    expect(draining?.inFlight).toEqual([
      expect.objectContaining({ kind: 'slash_command', correlationId: 'corr0001' }),
    ]);
    expect(decisions(h).indexOf('draining')).toBeLessThan(decisions(h).indexOf('stopped'));
    expect((await audit()).map((r) => [r.event, r.correlationId])).toEqual([
      ['requested', 'corr0001'],
      ['executed', 'corr0001'],
    ]);
    expect(h.pdWrites()).toHaveLength(1);
  });

  it('over Socket Mode, posts the reply in the channel before it reports stopped', async () => {
    const { h, audit } = await start('socket');
    h.sim.faults.add(slowPd(OPERATORS));
    const stopping = shutdownWhenPdReceives(h, 'POST', OPERATORS);
    const responseUrl = h.slack.newResponseUrl();
    const envelope = h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        text: 'transfer-leader 42 4',
        responseUrl,
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    await envelope.ack;
    expect((await stopping).code).toBe(0);
    const reply = h.slack.responses.find((r) => r.url === responseUrl);
    expect(flat(reply?.body)).toContain(fenced('"The operator is created."\n'));
    expect(h.logs.find((l) => l.decision === 'draining')[0]?.inFlight).toHaveLength(1);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'executed']);
  });

  it('refuses a command arriving during the drain: "restarting, nothing was sent", and PD, audit and channel hear nothing of it', async () => {
    const { h, audit } = await start('http');
    // Holds the drain open for as long as the test needs, instead of racing a timer.
    const hold = h.bot.work.begin({ kind: 'test', label: 'held by the test' });
    const stopping = h.bot.shutdown('SIGTERM');
    const { ack, responseUrl } = await slash(h, 'transfer-leader 42 4');
    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: RESTARTING_TEXT.command });
    hold.end();
    expect((await stopping).code).toBe(0);
    expect(h.sim.requests).toEqual([]);
    expect(h.slack.responses.filter((r) => r.url === responseUrl)).toEqual([]);
    // Defect 9: it was once recorded `failed` and reported as a PD network error on a closed client.
    expect(await audit()).toEqual([]);
    expect(h.logs.find((l) => l.decision === 'refused_restarting')).toHaveLength(1);
    expect(h.logs.raw.join('\n')).not.toMatch(/PD_NETWORK_ERROR|PD_CLIENT_CLOSED|internal_error/);
  });

  it('over Socket Mode, acks a command arriving during the drain with the restart notice', async () => {
    const { h } = await start('socket');
    const hold = h.bot.work.begin({ kind: 'test', label: 'held by the test' });
    const stopping = h.bot.shutdown('SIGTERM');
    const envelope = h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        text: 'transfer-leader 42 4',
        responseUrl: h.slack.newResponseUrl(),
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    expect((await envelope.ack).payload).toEqual({
      response_type: 'ephemeral',
      text: RESTARTING_TEXT.command,
    });
    hold.end();
    expect((await stopping).code).toBe(0);
    expect(h.sim.requests).toEqual([]);
  });

  it('updates an approval being executed at shutdown: PD result posted, buttons gone', async () => {
    const { h, audit } = await start('http', POLICY);
    const request = await slash(h, 'drain-store 3');
    const message = (await request.result()).body;
    const approvalId = /"value":"([^"]+)"/.exec(flat(message))?.[1] as string;
    expect(flat(message)).toContain(APPROVE_ACTION_ID);
    h.sim.faults.add(slowPd(SCHEDULERS));
    const stopping = shutdownWhenPdReceives(h, 'POST', SCHEDULERS);
    const clickUrl = h.slack.newResponseUrl();
    const clicked = postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId: 'U0LEAD',
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000100',
        responseUrl: clickUrl,
        blockId: 'tikv:approval',
      }),
    );
    expect((await stopping).code).toBe(0);
    expect(h.bot.work.size).toBe(0);
    const updated = h.slack.responses.find((r) => r.url === clickUrl);
    expect((await clicked).status).toBe(200);
    expect(updated?.body.replace_original).toBe(true);
    expect(flat(updated?.body)).toContain('Approved by <@U0LEAD>');
    expect(flat(updated?.body)).toContain(fenced('"The scheduler is created."\n'));
    expect(flat(updated?.body)).not.toContain(APPROVE_ACTION_ID);
    expect(h.logs.find((l) => l.decision === 'draining')[0]?.inFlight).toEqual([
      expect.objectContaining({ kind: 'button_click' }),
    ]);
    expect((await audit()).map((r) => r.event)).toEqual([
      'requested',
      'approval_requested',
      'approved',
      'executed',
    ]);
  });

  it('answers a button click during the drain privately and leaves the approval pending', async () => {
    const { h, audit } = await start('http', POLICY);
    const request = await slash(h, 'drain-store 3');
    const approvalId = /"value":"([^"]+)"/.exec(flat((await request.result()).body))?.[1] as string;
    const hold = h.bot.work.begin({ kind: 'test', label: 'held by the test' });
    const stopping = h.bot.shutdown('SIGTERM');
    const clickUrl = h.slack.newResponseUrl();
    const res = await postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId: 'U0LEAD',
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000100',
        responseUrl: clickUrl,
        blockId: 'tikv:approval',
      }),
    );
    expect(res.status).toBe(200);
    const told = await h.slack.waitForResponse((r) => r.url === clickUrl);
    expect(told.body).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: RESTARTING_TEXT.click,
    });
    hold.end();
    expect((await stopping).code).toBe(0);
    expect(h.pdWrites()).toEqual([]);
    // An empty message reference changes nothing and hands back the approval as stored.
    expect((await h.bot.approvals.attachMessage(approvalId, {}))?.state).toBe('pending');
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested']);
  });

  it('answers a form submitted during the drain with an inline error and runs nothing', async () => {
    const { h, audit } = await start('http');
    await slash(h, 'transfer-leader');
    const open = await h.slack.waitForCall('views.open');
    const view = open.args.view as { private_metadata: string; blocks: unknown[] };
    const hold = h.bot.work.begin({ kind: 'test', label: 'held by the test' });
    const stopping = h.bot.shutdown('SIGTERM');
    const res = await postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata: view.private_metadata,
        blocks: view.blocks,
        values: {
          'param:region_id': { value: { type: 'number_input', value: '42' } },
          'param:to_store_id': { value: { type: 'number_input', value: '4' } },
        },
        userId: 'U0ONCALL',
      }),
    );
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { 'param:region_id': RESTARTING_TEXT.form },
    });
    hold.end();
    expect((await stopping).code).toBe(0);
    expect(h.sim.requests).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it('lets the approval sweep in progress finish announcing an expiry before stopping', async () => {
    const clock = manualClock();
    h = await startHarness({
      mode: 'http',
      clock,
      approvalSweepMs: 20,
      policy: POLICY.replace('ttl_minutes: 20', 'ttl_minutes: 60'),
    });
    const harness = h;
    harness.slack.setUsergroup('S0SRE', []);
    harness.slack.setUsergroup('S0LEADS', []);
    await (await slash(harness, 'drain-store 3')).result();
    // Past the response_url's life, so the expiry goes out by chat.postMessage, answered late.
    harness.slack.failNext('chat.postMessage', { delayMs: 300 });
    const stopping = harness.slack
      .waitForCall('chat.postMessage')
      .then(() => harness.bot.shutdown('SIGTERM'));
    clock.advance(61 * 60_000);
    expect((await stopping).code).toBe(0);
    // The sweep had started and had finished (its late chat.postMessage answered) by the stop.
    expect(harness.logs.find((l) => l.decision === 'draining')[0]?.inFlight).toEqual([
      expect.objectContaining({ kind: 'approval_sweep' }),
    ]);
    expect(harness.bot.work.size).toBe(0);
    expect(harness.logs.find((l) => l.msg === 'could not announce the expiry in Slack')).toEqual([]);
  });

  it('shuts down once however many times it is asked', async () => {
    const { h } = await start('http');
    const [a, b] = [h.bot.shutdown('SIGTERM'), h.bot.shutdown('SIGINT')];
    expect(a).toBe(b);
    expect((await a).code).toBe(0);
    await h.bot.stop();
    expect(h.logs.find((l) => l.decision === 'stopped')).toHaveLength(1);
  });

  it('past the deadline, exits 1 and names the unfinished request with its correlation id', async () => {
    let fireDeadline: () => void = () => {};
    dir = await mkdtemp(join(tmpdir(), 'tikv-shutdown-'));
    h = await startHarness({
      mode: 'http',
      startTimer: (ms) => {
        let fire: () => void = () => {};
        const fired = new Promise<void>((resolve) => (fire = resolve));
        if (ms === 25_000) fireDeadline = fire;
        else setTimeout(fire, ms);
        return { fired, cancel: () => {} };
      },
    });
    h.sim.faults.add({ method: 'POST', path: OPERATORS, action: 'hang' });
    const stopping = shutdownWhenPdReceives(h, 'POST', OPERATORS);
    await slash(h, 'transfer-leader 42 4');
    await h.logs.waitFor((l) => l.decision === 'draining');
    fireDeadline();
    const result = await stopping;
    expect(result.code).toBe(1);
    const error = h.logs.find((l) => l.decision === 'shutdown_deadline_exceeded');
    expect(error).toHaveLength(1);
    expect(error[0]?.msg).toContain('slash_command corr0001 [/tikv by U0ONCALL in C0INCIDENT');
    // A real process exits here; this one frees the port and lets the hung call fail.
    await h.bot.slack.stop();
    await h.sim.close();
  });
});
