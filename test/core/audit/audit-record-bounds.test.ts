import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LogAuditSink } from '../../../src/audit/log-audit-sink.js';
import {
  AUDIT_PD_BODY_BYTES,
  createAuditRecord,
  pdAuditFields,
} from '../../../src/core/audit/audit-record.js';
import { PdHttpError } from '../../../src/core/pd/pd-errors.js';
import { LOG_PD_BODY_BYTES } from '../../../src/logging/log-limits.js';
import type { PdResponse } from '../../../src/pd/pd-client.js';
import { transferLeaderRequest } from '../../../src/pd/pd-request.js';
import { LogCapture } from '../../support/log-capture.js';

const REQUEST = transferLeaderRequest(42, 4);
const MiB = 1024 * 1024;

function response(rawBody: string, truncatedAtBytes?: number): PdResponse {
  return {
    request: REQUEST,
    endpoint: 'http://pd:2379',
    status: 200,
    contentType: 'text/plain',
    rawBody,
    pdMessage: rawBody,
    durationMs: 4,
    ...(truncatedAtBytes !== undefined && { truncatedAtBytes }),
  };
}

describe('pdAuditFields bounds PD body', () => {
  it('keeps the first 64 KiB of a body the client cut at 1 MiB, whole characters only, with its length', () => {
    // 3-byte characters: 64 KiB is not a multiple of 3, so the cut falls inside one.
    const body = '€'.repeat(MiB / 3);
    const { pd } = pdAuditFields(response(body, MiB));
    expect(pd.rawBody).toBe('€'.repeat(Math.floor(AUDIT_PD_BODY_BYTES / 3)));
    expect(pd).toMatchObject({
      rawBodyBytes: Buffer.byteLength(body),
      rawBodyTruncated: true,
      truncatedAtBytes: MiB,
    });
  });

  it('says a body was cut by the client even when what was kept fits the record', () => {
    const { pd } = pdAuditFields(response('"short"', 7));
    expect(pd).toMatchObject({
      rawBody: '"short"',
      rawBodyBytes: 7,
      rawBodyTruncated: true,
      truncatedAtBytes: 7,
    });
  });

  it('keeps an ordinary answer verbatim with no truncation marks', () => {
    const { pd } = pdAuditFields(
      new PdHttpError(REQUEST, 'http://pd:2379', 500, undefined, '"region 42 not found"\n', 'x', 1),
    );
    expect(pd).toEqual({
      method: 'POST',
      path: '/pd/api/v1/operators',
      body: REQUEST.body,
      status: 500,
      rawBody: '"region 42 not found"\n',
      rawBodyBytes: 22,
      errorCode: 'PD_HTTP_ERROR',
    });
  });
});

describe('LogAuditSink', () => {
  it('logs only the first 2 KiB of PD body, whatever logger it is given, and the full length', async () => {
    const capture = new LogCapture();
    const sink = new LogAuditSink(pino(capture));
    const body = 'z'.repeat(MiB);
    const record = createAuditRecord('executed', new Date('2026-12-01T15:00:00Z'), {
      correlationId: 'c1',
      userId: 'U1',
      action: 'transfer_leader',
      params: { region_id: 42, to_store_id: 4 },
      ...pdAuditFields(response(body, MiB)),
    });
    await sink.record(record);
    const [raw] = capture.raw;
    expect(raw?.length).toBeLessThan(4 * 1024);
    expect(capture.lines[0]?.pd).toMatchObject({
      rawBody: 'z'.repeat(LOG_PD_BODY_BYTES),
      rawBodyBytes: MiB,
      rawBodyTruncated: true,
      truncatedAtBytes: MiB,
    });
  });
});
