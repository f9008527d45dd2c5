import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { LogCapture } from '../support/log-capture.js';

describe('createLogger', () => {
  it('writes one JSON object per line with the service name', () => {
    const capture = new LogCapture();
    createLogger({ level: 'info', destination: capture }).info({ decision: 'executed' }, 'hello');
    expect(capture.lines[0]).toMatchObject({ service: 'tikv-chatops', decision: 'executed', msg: 'hello' });
  });

  it('never writes a token or secret, whatever field or message it hides in', () => {
    const capture = new LogCapture();
    const secret = 'my-signing-secret-123';
    const logger = createLogger({ level: 'debug', secrets: [secret], destination: capture });
    logger.info({ token: 'xoxb-111-222-abc', config: { botToken: 'xoxb-9', appToken: 'xapp-1-x' } }, 'start');
    logger.warn({ headers: { authorization: 'Bearer xoxb-123' } }, 'req');
    logger.error({ detail: `signing with ${secret}` }, 'message with xapp-1-A1-secret and xoxb-42-token');
    logger.info({ err: new Error(`failed for xoxb-777-leak, secret ${secret}`) }, 'boom');
    const all = capture.raw.join('\n');
    expect(all).not.toMatch(/xoxb-|xapp-/);
    expect(all).not.toContain(secret);
    expect(all).toContain('[REDACTED]');
  });
});

describe('createLogger and response URLs', () => {
  it('scrubs Slack response URLs, which let anyone post in the channel', () => {
    const capture = new LogCapture();
    createLogger({ level: 'info', destination: capture }).info(
      { payload: { response_url: 'https://hooks.slack.com/commands/T1/123/abcDEF' } },
      'got https://hooks.slack.com/actions/T1/9/xyz',
    );
    expect(capture.raw.join('\n')).not.toContain('hooks.slack.com');
  });
});
