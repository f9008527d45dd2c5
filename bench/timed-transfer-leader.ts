import { type Harness, SIGNING_SECRET } from '../test/support/bot-harness.js';
import { postSlashCommand, slashCommandFields } from '../test/support/fake-slack/index.js';

/**
 * One signed `/tikv transfer-leader <region> 4` through the real Bolt app: the ack (what Slack's 3 s
 * rule measures) and until the result reached its response_url, in milliseconds.
 */
export async function timedTransferLeader(
  h: Harness,
  region: number,
): Promise<{ ack: number; result: number }> {
  const responseUrl = h.slack.newResponseUrl();
  const started = performance.now();
  const fields = slashCommandFields({
    text: `transfer-leader ${region} 4`,
    responseUrl,
    userId: 'U0ONCALL',
    channelId: 'C0INCIDENT',
  });
  const ack = await postSlashCommand(h.botUrl, SIGNING_SECRET, fields);
  if (ack.status !== 200) throw new Error(`ack ${ack.status}`);
  await h.slack.waitForResponse((r) => r.url === responseUrl, 30_000);
  return { ack: ack.elapsedMs, result: performance.now() - started };
}
