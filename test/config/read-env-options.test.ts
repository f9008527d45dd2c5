import { describe, expect, it } from 'vitest';
import { formatConfigProblems, readEnvOptions } from '../../src/config/read-env-options.js';

const HTTP_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: 'shhh-signing-secret',
  PD_ENDPOINTS: 'http://pd-0:2379, http://pd-1:2379/',
};

describe('readEnvOptions', () => {
  it('reads HTTP mode with defaults', () => {
    const result = readEnvOptions(HTTP_ENV);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.slack).toEqual({
      botToken: 'xoxb-1-2-abc',
      signingSecret: 'shhh-signing-secret',
      port: 3000,
    });
    expect(result.config.clusters.map((c) => c.pd)).toEqual([
      {
        endpoints: ['http://pd-0:2379', 'http://pd-1:2379'],
        connectTimeoutMs: 3000,
        responseTimeoutMs: 10000,
      },
    ]);
    expect(result.config.pdMaxBodyBytes).toBe(1024 * 1024);
    expect(result.config.shutdownDeadlineMs).toBe(25_000);
    expect(result.config.groupLookupTimeoutMs).toBe(3000);
    expect(result.config.logLevel).toBe('info');
  });

  it('reads Socket Mode without a signing secret', () => {
    const result = readEnvOptions({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1-A1-abc',
      PD_ENDPOINTS: 'https://pd:2379',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      PORT: '8080',
      PD_TIMEOUT_MS: '2500',
      LOG_LEVEL: 'debug',
    });
    expect(result.ok && result.config.slack.appToken).toBe('xapp-1-A1-abc');
    expect(result.ok && result.config.clusters[0]?.pd.responseTimeoutMs).toBe(2500);
  });

  it('lists every problem at once, without echoing secret values', () => {
    const result = readEnvOptions({
      SLACK_BOT_TOKEN: 'xoxp-user-token-value',
      SLACK_APP_TOKEN: 'bad-app-token-value',
      PD_ENDPOINTS: 'pd-0:2379',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      PD_TIMEOUT_MS: '5',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'SLACK_BOT_TOKEN must start with xoxb- (the Bot User OAuth Token)',
      'SLACK_APP_TOKEN must start with xapp- (an app-level token with connections:write)',
      'PORT must be a number',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      'PD_TIMEOUT_MS must be at least 100 ms',
      'each PD_ENDPOINTS entry must be an http:// or https:// URL',
    ]);
    const text = formatConfigProblems(result.problems);
    expect(text).not.toContain('xoxp-user-token-value');
    expect(text).not.toContain('bad-app-token-value');
  });

  it('names the missing variables, treating empty ones as missing', () => {
    const result = readEnvOptions({ SLACK_BOT_TOKEN: '', PD_ENDPOINTS: ' ' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'SLACK_BOT_TOKEN is missing (the Bot User OAuth Token, xoxb-…)',
      'PD_ENDPOINTS is missing (comma-separated PD URLs, e.g. http://pd-0:2379; or set CLUSTERS_FILE to name several clusters)',
    ]);
  });

  it('refuses a shutdown deadline the PD timeouts do not fit in', () => {
    const result = readEnvOptions({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      PD_ENDPOINTS: 'http://pd:2379',
      PD_CONNECT_TIMEOUT_MS: '3000',
      PD_TIMEOUT_MS: '20000',
      SHUTDOWN_DEADLINE_MS: '25000',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join('\n')).toContain(
      'SHUTDOWN_DEADLINE_MS must be at least PD_CONNECT_TIMEOUT_MS + PD_TIMEOUT_MS + 5000 (28000 ms)',
    );
  });

  it('requires a signing secret in HTTP mode', () => {
    const result = readEnvOptions({ SLACK_BOT_TOKEN: 'xoxb-1', PD_ENDPOINTS: 'http://pd:2379' });
    expect(result.ok ? [] : result.problems).toEqual([
      'SLACK_SIGNING_SECRET is missing (needed in HTTP mode; set SLACK_APP_TOKEN instead for Socket Mode)',
    ]);
  });
});
