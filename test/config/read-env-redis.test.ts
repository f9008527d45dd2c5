import { describe, expect, it } from 'vitest';
import { readEnvOptions } from '../../src/config/read-env-options.js';
import { redactRedisUrl } from '../../src/redis/redact-redis-url.js';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_APP_TOKEN: 'xapp-1-A1-abc',
  PD_ENDPOINTS: 'http://pd-0:2379',
};

describe('readEnvOptions: REDIS_URL', () => {
  it('leaves Redis out when REDIS_URL is unset: one replica, state in memory', () => {
    const result = readEnvOptions(ENV);
    expect(result.ok && result.config.redis).toBeUndefined();
  });

  it('reads redis:// and rediss:// with the default key prefix, and keeps the password out of logs', () => {
    for (const url of ['redis://:s3cr%40t@redis:6379/0', 'rediss://default:s3cr%40t@redis.example:6380']) {
      const result = readEnvOptions({ ...ENV, REDIS_URL: url });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.config.redis).toEqual({ url, keyPrefix: 'tikv-chatops:' });
      expect(result.config.secrets).toContain('s3cr@t');
    }
  });

  it('reads a key prefix per deployment', () => {
    const result = readEnvOptions({ ...ENV, REDIS_URL: 'redis://r:6379', REDIS_KEY_PREFIX: 'staging:' });
    expect(result.ok && result.config.redis?.keyPrefix).toBe('staging:');
  });

  it('refuses a URL that is not redis:// or rediss://, without echoing it', () => {
    const result = readEnvOptions({ ...ENV, REDIS_URL: 'http://:hunter2@redis:6379' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'REDIS_URL must be a redis:// or rediss:// (TLS) URL, e.g. redis://:password@redis:6379/0',
    ]);
    expect(result.problems.join()).not.toContain('hunter2');
  });

  it('redacts the password for display', () => {
    expect(redactRedisUrl('rediss://default:hunter2@redis:6380/1')).toBe('rediss://default:***@redis:6380/1');
    expect(redactRedisUrl('redis://redis:6379')).toBe('redis://redis:6379');
  });
});
