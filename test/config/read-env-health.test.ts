import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_PORT, readEnvOptions } from '../../src/config/read-env-options.js';

const SOCKET_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_APP_TOKEN: 'xapp-1-A1-abc',
  PD_ENDPOINTS: 'http://pd:2379',
};

describe('HEALTH_PORT and HEALTH_HOST', () => {
  it('default to 0.0.0.0:8080, where Socket Mode serves /healthz, /readyz and /metrics', () => {
    const result = readEnvOptions(SOCKET_ENV);
    expect(result.ok && result.config.health).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(DEFAULT_HEALTH_PORT).toBe(8080);
  });

  it('are read as given', () => {
    const result = readEnvOptions({ ...SOCKET_ENV, HEALTH_PORT: '9102', HEALTH_HOST: '127.0.0.1' });
    expect(result.ok && result.config.health).toEqual({ port: 9102, host: '127.0.0.1' });
  });

  it.each([
    ['70000', 'HEALTH_PORT must be at most 65535'],
    ['web', 'HEALTH_PORT must be a number'],
    ['80.5', 'HEALTH_PORT must be a whole number'],
  ])('refuse HEALTH_PORT=%s, naming the rule', (value, problem) => {
    const result = readEnvOptions({ ...SOCKET_ENV, HEALTH_PORT: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContain(problem);
  });
});
