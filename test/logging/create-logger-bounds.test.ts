import { describe, expect, it } from 'vitest';
import { PdHttpError } from '../../src/core/pd/pd-errors.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { LOG_PD_BODY_BYTES, LOG_STRING_MAX_CHARS } from '../../src/logging/log-limits.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';
import { LogCapture } from '../support/log-capture.js';

const LINE_BOUND = 16 * 1024;
const big = (n: number) => `"${'region 42 has no leader; '.repeat(Math.ceil(n / 26)).slice(0, n)}"\n`;

function logger(secrets: string[] = []) {
  const capture = new LogCapture();
  return { capture, log: createLogger({ level: 'debug', destination: capture, secrets }) };
}

describe('createLogger keeps every line bounded', () => {
  it('logs a PdHttpError as `err` with the start of its body and the body length, not 10 MB', () => {
    const { capture, log } = logger();
    const body = big(10_000_000);
    const error = new PdHttpError(
      transferLeaderRequest(42, 4),
      'http://pd:2379',
      500,
      'text/plain',
      body,
      body,
      5,
    );
    log.warn({ decision: 'pd_probe', err: error }, 'PD did not answer at start');
    const [raw] = capture.raw;
    expect(raw?.length).toBeLessThan(LINE_BOUND);
    const line = capture.lines[0] as unknown as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({
      type: 'PdHttpError',
      code: 'PD_HTTP_ERROR',
      status: 500,
      rawBodyBytes: Buffer.byteLength(body),
      rawBodyTruncated: true,
    });
    expect(Buffer.byteLength(String(line.err.rawBody))).toBeLessThanOrEqual(LOG_PD_BODY_BYTES);
    expect(body.startsWith(String(line.err.rawBody))).toBe(true);
  });

  it('bounds long strings, long arrays, errors in other fields and the message itself', () => {
    const { capture, log } = logger();
    const huge = 'x'.repeat(5_000_000);
    log.info(
      {
        text: huge,
        list: Array.from({ length: 100_000 }, (_, i) => i),
        nested: { deeper: { cause: new Error(huge) } },
      },
      huge,
    );
    const [raw] = capture.raw;
    expect(raw?.length).toBeLessThan(LINE_BOUND * 2);
    const line = capture.lines[0] as Record<string, unknown>;
    expect(String(line.text)).toBe(`${'x'.repeat(LOG_STRING_MAX_CHARS)} … (cut, 5000000 characters)`);
    expect(line.msg).toBe(line.text);
    expect(line.list).toHaveLength(51);
  });

  it('scrubs a secret before cutting a string, so half a secret never reaches the line', () => {
    const secret = 'signing-secret-abcdef';
    const { capture, log } = logger([secret]);
    // The cut falls inside the secret.
    const text = `${'y'.repeat(LOG_STRING_MAX_CHARS - 8)}${secret}${'y'.repeat(100)}`;
    log.info({ text, err: Object.assign(new Error('x'), { rawBody: text }) }, text);
    const all = capture.raw.join('\n');
    expect(all).not.toContain(secret.slice(0, 8));
  });

  it('leaves small lines as they were', () => {
    const { capture, log } = logger();
    log.info({ decision: 'executed', pdBody: '"ok"\n', params: { region_id: 42 } }, 'action executed');
    expect(capture.lines[0]).toMatchObject({
      decision: 'executed',
      pdBody: '"ok"\n',
      params: { region_id: 42 },
      msg: 'action executed',
    });
    expect(capture.lines[0]).not.toHaveProperty('pdBodyTruncated');
  });
});
