import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './slack-message.js';

/**
 * chat.postMessage as the bot always sends it: in a thread when asked, and never unfurling links, so
 * a URL in PD's answer or a user's text cannot pull a preview into the channel. Resolves with the ts.
 */
export async function postChatMessage(
  client: webApi.WebClient,
  target: { readonly channelId: string; readonly threadTs?: string },
  message: SlackMessage,
): Promise<{ ts?: string }> {
  const posted = await client.chat.postMessage({
    channel: target.channelId,
    ...(target.threadTs !== undefined && { thread_ts: target.threadTs }),
    unfurl_links: false,
    unfurl_media: false,
    ...message,
  });
  return posted.ts !== undefined ? { ts: posted.ts } : {};
}
