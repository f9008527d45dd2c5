import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NEXT_PAGE_ACTION_ID, PREVIOUS_PAGE_ACTION_ID } from '../../src/slack/page-buttons.js';
import { SHARE_ACTION_ID } from '../../src/slack/share-button.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { blockActionsPayload, postInteraction, slashCommandFields } from '../support/fake-slack/index.js';
import { checkMessage } from '../support/fake-slack/slack-limits.js';
import { flat, slash } from './slack-e2e-helpers.js';

type Blocks = { type: string; elements?: { action_id?: string; value?: string }[] }[];

function buttonValue(body: Record<string, unknown>, actionId: string): string | undefined {
  const blocks = (body.blocks ?? []) as Blocks;
  return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)?.value;
}

/** The ID column of the table in a stores message: each row of the code block starts with one. */
function storeIds(body: Record<string, unknown>): number[] {
  const text = flat(body);
  const table = /```ID[^`]*```/.exec(
    JSON.parse(`"${/"text":"(PD answered[^"]*(?:\\.[^"]*)*)"/.exec(text)?.[1] ?? ''}"`),
  );
  return (table?.[0] ?? '')
    .split('\n')
    .slice(1)
    .map((line) => Number(/^(\d+) /.exec(line)?.[1]))
    .filter((id) => !Number.isNaN(id));
}

describe('stores pages through the real Bolt app: Next / Previous re-run the read, privately', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start() {
    const dir = await mkdtemp(join(tmpdir(), 'page-'));
    const auditFile = join(dir, 'audit.jsonl');
    // 40 stores: three pages of 15.
    h = await startHarness({ mode: 'http', auditFile, sim: { stores: 40, regions: 200 } });
    const audit = async () =>
      (await readFile(auditFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { h, audit };
  }

  function clickPayload(
    actionId: string,
    value: string,
    userId: string,
    isEphemeral: boolean,
    responseUrl: string,
  ) {
    return blockActionsPayload({
      actionId,
      value,
      userId,
      channelId: 'C0INCIDENT',
      messageTs: '1795888800.000200',
      responseUrl,
      isEphemeral,
    });
  }

  async function click(bot: Harness, actionId: string, value: string, userId: string, isEphemeral = true) {
    const responseUrl = bot.slack.newResponseUrl();
    const res = await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      clickPayload(actionId, value, userId, isEphemeral, responseUrl),
    );
    expect(res.status).toBe(200);
    return (await bot.slack.waitForResponse((r) => r.url === responseUrl)).body as Record<string, unknown>;
  }

  it('Next replaces the private view with page 2, which offers Previous, Next and Share; the read is audited', async () => {
    const { h: bot, audit } = await start();
    const first = (await (await slash(bot, 'stores', { userId: 'U0ONCALL' })).result()).body as Record<
      string,
      unknown
    >;
    expect(first.response_type).toBe('ephemeral');
    expect(buttonValue(first, PREVIOUS_PAGE_ACTION_ID)).toBeUndefined();
    const next = buttonValue(first, NEXT_PAGE_ACTION_ID);
    if (next === undefined) throw new Error('no Next button');
    const storesReadsBefore = bot.sim.requests.filter((r) => r.path === '/pd/api/v1/stores').length;
    const page2 = await click(bot, NEXT_PAGE_ACTION_ID, next, 'U0ONCALL');
    expect(page2).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(checkMessage(page2 as never)).toBeUndefined();
    expect(flat(page2)).toContain('Page 2 of 3');
    expect(storeIds(first)).toHaveLength(15);
    expect(storeIds(page2)).toHaveLength(15);
    expect(storeIds(page2).some((id) => storeIds(first).includes(id))).toBe(false);
    // Run again, not a stored page: PD was asked as of the click.
    expect(bot.sim.requests.filter((r) => r.path === '/pd/api/v1/stores').length).toBe(storesReadsBefore + 1);
    expect(JSON.parse(buttonValue(page2, PREVIOUS_PAGE_ACTION_ID) ?? '{}')).toMatchObject({
      p: { page: '1' },
    });
    expect(JSON.parse(buttonValue(page2, NEXT_PAGE_ACTION_ID) ?? '{}')).toMatchObject({ p: { page: '3' } });
    // Share shares this page.
    expect(JSON.parse(buttonValue(page2, SHARE_ACTION_ID) ?? '{}')).toMatchObject({
      a: 'stores',
      p: { page: '2' },
    });
    await bot.logs.waitFor((l) => l.decision === 'page' && l.page === 2);
    const records = await audit();
    expect(
      records.some(
        (r) =>
          r.userId === 'U0ONCALL' && r.action === 'stores' && (r.params as { page?: number })?.page === 2,
      ),
    ).toBe(true);
  });

  it('a page of a view shared in the channel comes privately to whoever clicked, leaving the channel message', async () => {
    const { h: bot } = await start();
    const shared = (await (await slash(bot, 'stores --share', { userId: 'U0ONCALL' })).result())
      .body as Record<string, unknown>;
    expect(shared.response_type).toBe('in_channel');
    const next = buttonValue(shared, NEXT_PAGE_ACTION_ID);
    if (next === undefined) throw new Error('no Next button on the shared view');
    const page = await click(bot, NEXT_PAGE_ACTION_ID, next, 'U0PASSERBY', false);
    expect(page).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(flat(page)).not.toContain('Shared in channel');
    expect(flat(page)).toContain('Page 2 of 3');
  });

  it('the same click delivered twice runs the read once', async () => {
    const { h: bot } = await start();
    const first = (await (await slash(bot, 'stores')).result()).body as Record<string, unknown>;
    const next = buttonValue(first, NEXT_PAGE_ACTION_ID) ?? '';
    const responseUrl = bot.slack.newResponseUrl();
    const payload = clickPayload(NEXT_PAGE_ACTION_ID, next, 'U0ONCALL', true, responseUrl);
    const reads = () => bot.sim.requests.filter((r) => r.path === '/pd/api/v1/stores').length;
    const before = reads();
    expect((await postInteraction(bot.botUrl, SIGNING_SECRET, payload)).status).toBe(200);
    await bot.slack.waitForResponse((r) => r.url === responseUrl);
    expect((await postInteraction(bot.botUrl, SIGNING_SECRET, payload)).status).toBe(200);
    await bot.logs.waitFor((l) => l.decision === 'replay_ignored');
    expect(reads()).toBe(before + 1);
    expect(bot.slack.responses.filter((r) => r.url === responseUrl)).toHaveLength(1);
  });

  it('over Socket Mode, a click pages, and the same envelope re-sent does not run the read again', async () => {
    h = await startHarness({ mode: 'socket', sim: { stores: 40, regions: 200 } });
    const bot = h;
    const fields = slashCommandFields({
      text: 'stores',
      responseUrl: bot.slack.newResponseUrl(),
      userId: 'U0ONCALL',
      channelId: 'C0INCIDENT',
    });
    await bot.slack.sendEnvelope('slash_commands', fields).ack;
    const first = (await bot.slack.waitForResponse((r) => r.url === fields.response_url)).body as Record<
      string,
      unknown
    >;
    const next = buttonValue(first, NEXT_PAGE_ACTION_ID) ?? '';
    const responseUrl = bot.slack.newResponseUrl();
    const payload = clickPayload(NEXT_PAGE_ACTION_ID, next, 'U0ONCALL', true, responseUrl);
    const reads = () => bot.sim.requests.filter((r) => r.path === '/pd/api/v1/stores').length;
    const before = reads();
    const envelopeId = 'page-click-envelope';
    await bot.slack.sendEnvelope('interactive', payload, { envelopeId }).ack;
    const page = (await bot.slack.waitForResponse((r) => r.url === responseUrl)).body as Record<
      string,
      unknown
    >;
    expect(flat(page)).toContain('Page 2 of 3');
    await bot.slack.sendEnvelope('interactive', payload, { envelopeId }).ack;
    await bot.logs.waitFor((l) => l.decision === 'replay_ignored');
    expect(reads()).toBe(before + 1);
  });

  it('refuses a forged page button naming a write, or a view without pages, sending PD nothing', async () => {
    const { h: bot } = await start();
    const view = (await (await slash(bot, 'stores')).result()).body as Record<string, unknown>;
    const { c: cluster } = JSON.parse(buttonValue(view, NEXT_PAGE_ACTION_ID) ?? '{}') as { c: string };
    for (const forged of [
      { a: 'transfer_leader', p: { region_id: '42', to_store_id: '4' }, c: cluster },
      { a: 'health', p: { page: '2' }, c: cluster },
    ]) {
      const before = bot.sim.requests.length;
      const reply = await click(bot, NEXT_PAGE_ACTION_ID, JSON.stringify(forged), 'U0ONCALL');
      expect(reply.response_type).toBe('ephemeral');
      expect(flat(reply)).toContain('Not shown');
      expect(bot.sim.requests.length).toBe(before);
    }
    await bot.logs.waitFor((l) => l.decision === 'page_refused');
  });
});
