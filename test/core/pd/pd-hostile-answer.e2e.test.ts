import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, SIGNING_SECRET, startHarness } from '../../support/bot-harness.js';
import { postSlashCommand, slashCommandFields } from '../../support/fake-slack/index.js';

const MiB = 1024 * 1024;
const LINE_BOUND = 16 * 1024;

/** Sends `/tikv text` and resolves once the bot has answered the channel, or said it could not. */
async function command(h: Harness, text: string) {
  const responseUrl = h.slack.newResponseUrl();
  const fields = slashCommandFields({ text, responseUrl, userId: 'U0ONCALL', channelId: 'C0INCIDENT' });
  const ack = await postSlashCommand(h.botUrl, SIGNING_SECRET, fields);
  expect(ack.status).toBe(200);
  // Whether Slack takes the message is the renderers' business; this waits for either end.
  const delivered = h.slack.waitForResponse((r) => r.url === responseUrl, 15_000);
  const undeliverable = h.logs.waitFor((l) => /could not deliver/.test(l.msg), 15_000);
  delivered.catch(() => {});
  undeliverable.catch(() => {});
  return Promise.race([delivered.then((r) => r.body), undeliverable.then(() => undefined)]);
}

describe('a hostile PD answer through the whole Slack bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'http', pdTimeoutMs: 15_000 });
  });
  afterEach(async () => {
    await h.close();
  });

  it.each([
    ['10 MB with HTTP 200', 'huge:10000000', 'executed', 200],
    ['an endless body with HTTP 200', 'endless', 'executed', 200],
    ['10 MB with HTTP 500', 'huge:10000000:500', 'failed', 500],
    ['an endless body with HTTP 500', 'endless:500', 'failed', 500],
  ])(
    'PD answering %s: logged as answered and cut, and no log line over 16 KiB',
    async (_n, fault, decision, status) => {
      h.sim.faults.add(`POST /pd/api/v1/operators=${fault}`);
      const posted = await command(h, 'transfer-leader 42 4');
      const [line] = h.logs.find((l) => l.decision === decision);
      expect(line).toMatchObject({
        pdStatus: status,
        pdTruncatedAtBytes: MiB,
        pdBodyBytes: MiB,
        pdBodyTruncated: true,
      });
      // PD answered at once: never a timeout or a network error.
      expect(h.logs.find((l) => typeof l.errorCode === 'string' && l.errorCode !== 'PD_HTTP_ERROR')).toEqual(
        [],
      );
      if (posted !== undefined)
        expect(JSON.stringify(posted)).not.toMatch(/No answer from PD|PD_RESPONSE_TIMEOUT/);
      const longest = Math.max(...h.logs.raw.map((l) => l.length));
      expect(longest).toBeLessThan(LINE_BOUND);
      expect(h.pdWrites()).toHaveLength(1);
    },
  );
});
