import { type Metrics, RESPONSE_URL_METHOD } from '../core/metrics/metrics.js';
import type { ResponseUrlMessage } from './slack-deps.js';

type PostToResponseUrl = (url: string, message: ResponseUrlMessage) => Promise<void>;

/**
 * The same poster, counting each post as a Slack call under method `response_url`: most replies go
 * this way, so a delivery failure alert that watched only the Web API would miss them.
 */
export function countResponseUrlPosts(post: PostToResponseUrl, metrics: Metrics): PostToResponseUrl {
  return async (url, message) => {
    try {
      await post(url, message);
      metrics.slackApiCall(RESPONSE_URL_METHOD, true);
    } catch (error) {
      metrics.slackApiCall(RESPONSE_URL_METHOD, false);
      throw error;
    }
  };
}
