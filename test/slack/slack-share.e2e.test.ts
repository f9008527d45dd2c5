import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHARE_ACTION_ID } from '../../src/slack/share-button.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { blockActionsPayload, postInteraction } from '../support/fake-slack/index.js';
import { flat, slash } from './slack-e2e-helpers.js';

type Blocks = { type: string; elements?: { action_id?: string; value?: string }[] }[];

function shareValue(body: Record<string, unknown>): string | undefined {
  const blocks = (body.blocks ?? []) as Blocks;
  return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === SHARE_ACTION_ID)?.value;
}

describe('read-only views are private unless shared, through the real Bolt app', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start() {
    const dir = await mkdtemp(join(tmpdir(), 'share-'));
    const auditFile = join(dir, 'audit.jsonl');
    h = await startHarness({ mode: 'http', auditFile });
    const audit = async () =>
      (await readFile(auditFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { h, audit };
  }

  async function click(bot: Harness, value: string, userId: string) {
    const responseUrl = bot.slack.newResponseUrl();
    const res = await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: SHARE_ACTION_ID,
        value,
        userId,
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000200',
        responseUrl,
        isEphemeral: true,
      }),
    );
    expect(res.status).toBe(200);
    return (await bot.slack.waitForResponse((r) => r.url === responseUrl)).body as Record<string, unknown>;
  }

  it('shows a read only to the person who asked, with a Share in channel button', async () => {
    const { h: bot } = await start();
    const reply = (await (await slash(bot, 'health')).result()).body as Record<string, unknown>;
    expect(reply.response_type).toBe('ephemeral');
    expect(flat(reply)).toContain('Share in channel');
    expect(JSON.parse(shareValue(reply) ?? '{}')).toMatchObject({ a: 'health', c: expect.any(String) });
  });

  it('posts a read for the channel at once with --share, naming who shared it, with no button', async () => {
    const { h: bot } = await start();
    const reply = (await (await slash(bot, 'health --share', { userId: 'U0PASSERBY' })).result())
      .body as Record<string, unknown>;
    expect(reply.response_type).toBe('in_channel');
    expect(flat(reply)).toContain('Shared in channel by <@U0PASSERBY>');
    expect(shareValue(reply)).toBeUndefined();
  });

  it('keeps a PD error on a read private too', async () => {
    const { h: bot } = await start();
    bot.sim.faults.add({ method: 'GET', path: '/pd/api/v1/health', action: 'status', status: 500 });
    const reply = (await (await slash(bot, 'health')).result()).body as Record<string, unknown>;
    expect(flat(reply)).toContain('PD answered *HTTP 500*');
    expect(reply.response_type).toBe('ephemeral');
  });

  it('Share in channel runs the view again for the channel as a new message naming the sharer, audited', async () => {
    const { h: bot, audit } = await start();
    const reply = (await (await slash(bot, 'health', { userId: 'U0ONCALL' })).result()).body as Record<
      string,
      unknown
    >;
    const value = shareValue(reply);
    if (value === undefined) throw new Error('no Share button');
    const readsBefore = bot.sim.requests.length;
    const shared = await click(bot, value, 'U0LEAD');
    expect(shared).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(flat(shared)).toContain('Shared in channel by <@U0LEAD>');
    expect(flat(shared)).toContain('PD answered *HTTP 200*');
    // Re-run, not re-posted: PD was asked again, as of the click.
    expect(bot.sim.requests.length).toBeGreaterThan(readsBefore);
    await bot.logs.waitFor((l) => l.decision === 'share' && l.sharedBy === 'U0LEAD');
    const records = await audit();
    const byLead = records.filter((r) => r.userId === 'U0LEAD');
    expect(byLead.length).toBeGreaterThan(0);
    expect(byLead.every((r) => r.shared === true && r.action === 'health')).toBe(true);
    // The private read it came from is audited too, and not as shared.
    expect(records.some((r) => r.userId === 'U0ONCALL' && r.shared === undefined)).toBe(true);
  });

  it('refuses a forged Share button that names a write, sending PD nothing', async () => {
    const { h: bot } = await start();
    const view = (await (await slash(bot, 'health')).result()).body as Record<string, unknown>;
    const { c: cluster } = JSON.parse(shareValue(view) ?? '{}') as { c: string };
    const before = bot.sim.requests.length;
    // U0ONCALL may run transfer-leader in C0INCIDENT: only the share handler's own check stops it.
    const reply = await click(
      bot,
      JSON.stringify({ a: 'transfer_leader', p: { region_id: '42', to_store_id: '4' }, c: cluster }),
      'U0ONCALL',
    );
    expect(reply.response_type).toBe('ephemeral');
    expect(flat(reply)).toContain('Not shared');
    expect(bot.sim.requests.length).toBe(before);
    await bot.logs.waitFor((l) => l.decision === 'share_refused');
  });
});
