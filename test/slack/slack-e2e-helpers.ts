import { type Harness, SIGNING_SECRET } from '../support/bot-harness.js';
import { postSlashCommand, slashCommandFields } from '../support/fake-slack/index.js';

export interface SlashOptions {
  readonly userId?: string;
  readonly channelId?: string;
  /** Slack's channel_name; the builder derives one from the id when absent. */
  readonly channelName?: string;
  readonly ageSeconds?: number;
  readonly signature?: string;
}

/** One `/tikv` command as Slack sends it over HTTP, and a way to wait for its in-channel answer. */
export async function slash(h: Harness, text: string, opts: SlashOptions = {}) {
  const responseUrl = h.slack.newResponseUrl();
  const fields = slashCommandFields({
    text,
    responseUrl,
    userId: opts.userId ?? 'U0ONCALL',
    channelId: opts.channelId ?? 'C0INCIDENT',
    ...(opts.channelName !== undefined && { channelName: opts.channelName }),
  });
  const ack = await postSlashCommand(h.botUrl, SIGNING_SECRET, fields, {
    ...(opts.ageSeconds !== undefined && { ageSeconds: opts.ageSeconds }),
    ...(opts.signature !== undefined && { signature: opts.signature }),
  });
  return {
    ack,
    fields,
    responseUrl,
    result: () => h.slack.waitForResponse((r) => r.url === responseUrl),
  };
}

/** The message as one string, for "contains" checks on Block Kit JSON. */
export function flat(body: unknown): string {
  return JSON.stringify(body);
}

/** How a raw PD body appears inside the message JSON: fenced, mrkdwn-escaped, JSON-string-encoded. */
export function fenced(raw: string): string {
  const escaped = raw.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return JSON.stringify(`\`\`\`${escaped}\`\`\``).slice(1, -1);
}
