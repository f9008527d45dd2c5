import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditWriteError } from '../../src/audit/audit-write-error.js';
import { CompositeAuditSink } from '../../src/audit/composite-audit-sink.js';
import { LogAuditSink } from '../../src/audit/log-audit-sink.js';
import { openAuditSink } from '../../src/audit/open-audit-sink.js';
import { type AuditRecord, createAuditRecord, pdAuditFields } from '../../src/core/audit/audit-record.js';
import type { AuditSink } from '../../src/core/audit/audit-sink.js';
import { PdHttpError, PdTransportError } from '../../src/core/pd/pd-errors.js';
import { createLogger } from '../../src/logging/create-logger.js';
import type { PdResponse } from '../../src/pd/pd-client.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';
import { LogCapture } from '../support/log-capture.js';

const REQUEST = transferLeaderRequest(42, 4);

const RECORD: AuditRecord = createAuditRecord('denied', new Date('2025-01-02T03:04:05Z'), {
  correlationId: 'corr-1',
  userId: 'U0MALLORY',
  source: 'slack',
  channelId: 'C0INCIDENT',
  action: 'transfer_leader',
  params: { region_id: 42, to_store_id: 4 },
  cluster: 'http://pd-0:2379',
  reason: '<@U0MALLORY> may not run transfer_leader (medium risk) in <#C0INCIDENT>',
});

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('createAuditRecord', () => {
  it('stamps the event and an ISO time', () => {
    expect(RECORD).toMatchObject({ event: 'denied', at: '2025-01-02T03:04:05.000Z', userId: 'U0MALLORY' });
  });
});

describe('pdAuditFields', () => {
  it('keeps what PD answered, verbatim', () => {
    const response: PdResponse = {
      request: REQUEST,
      endpoint: 'http://pd-0:2379',
      status: 200,
      contentType: 'application/json',
      rawBody: '"The operator is created."\n',
      pdMessage: 'The operator is created.',
      durationMs: 12.6,
    };
    expect(pdAuditFields(response)).toEqual({
      pd: {
        method: 'POST',
        path: '/pd/api/v1/operators',
        body: { name: 'transfer-leader', region_id: 42, to_store_id: 4 },
        status: 200,
        rawBody: '"The operator is created."\n',
        rawBodyBytes: 27,
      },
      durationMs: 13,
    });
  });

  it('keeps the status, raw body and code of an HTTP error', () => {
    const error = new PdHttpError(
      REQUEST,
      'http://pd-0:2379',
      500,
      'application/json',
      '"region 42 not found"\n',
      'region 42 not found',
      8,
    );
    expect(pdAuditFields(error)).toEqual({
      pd: {
        method: 'POST',
        path: '/pd/api/v1/operators',
        body: REQUEST.body,
        status: 500,
        rawBody: '"region 42 not found"\n',
        rawBodyBytes: 22,
        errorCode: 'PD_HTTP_ERROR',
      },
      durationMs: 8,
    });
  });

  it('has no status for a call PD never answered', () => {
    const error = new PdTransportError('PD_CONNECTION_REFUSED', REQUEST, 'http://pd-0:2379', 'refused', 3);
    expect(pdAuditFields(error)).toEqual({
      pd: {
        method: 'POST',
        path: '/pd/api/v1/operators',
        body: REQUEST.body,
        errorCode: 'PD_CONNECTION_REFUSED',
      },
      durationMs: 3,
    });
  });
});

describe('LogAuditSink', () => {
  it('writes one `audit` line per record with every field', async () => {
    const capture = new LogCapture();
    const sink = new LogAuditSink(createLogger({ level: 'info', destination: capture }));
    await sink.record(RECORD);
    const line = await capture.waitFor((l) => l.msg === 'audit');
    expect(line).toMatchObject({ component: 'audit', ...RECORD });
    expect(capture.find((l) => l.msg === 'audit')).toHaveLength(1);
  });
});

describe('CompositeAuditSink', () => {
  const ok = (): AuditSink & { seen: AuditRecord[] } => {
    const seen: AuditRecord[] = [];
    return { seen, record: async (r) => void seen.push(r) };
  };

  it('writes to every sink', async () => {
    const a = ok();
    const b = ok();
    await new CompositeAuditSink([a, b]).record(RECORD);
    expect([a.seen, b.seen]).toEqual([[RECORD], [RECORD]]);
  });

  it('fails if any sink fails, after trying all of them', async () => {
    const good = ok();
    const failing: AuditSink = {
      record: async () => {
        throw new Error('disk on fire');
      },
    };
    const error = await new CompositeAuditSink([failing, good]).record(RECORD).catch((e: unknown) => e);
    expect(good.seen).toEqual([RECORD]);
    expect(error).toBeInstanceOf(AuditWriteError);
    expect(error).toMatchObject({
      code: 'AUDIT_WRITE_FAILED',
      correlationId: 'corr-1',
      message: 'could not write the audit record: disk on fire',
    });
  });

  it('passes an AuditWriteError through unchanged', async () => {
    const original = new AuditWriteError('nope', { path: '/x' });
    const failing: AuditSink = { record: () => Promise.reject(original) };
    await expect(new CompositeAuditSink([failing]).record(RECORD)).rejects.toBe(original);
  });
});

describe('openAuditSink', () => {
  it('writes to the log only when no file is configured', async () => {
    const capture = new LogCapture();
    const sink = await openAuditSink({ logger: createLogger({ level: 'info', destination: capture }) });
    await sink.record(RECORD);
    await capture.waitFor((l) => l.msg === 'audit');
    expect(sink.file).toBeUndefined();
    await sink.close();
  });

  it('writes to the log and the file when AUDIT_FILE is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-'));
    dirs.push(dir);
    const path = join(dir, 'audit.jsonl');
    const capture = new LogCapture();
    const sink = await openAuditSink({
      logger: createLogger({ level: 'info', destination: capture }),
      auditFile: path,
    });
    await sink.record(RECORD);
    await sink.close();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(RECORD);
    await capture.waitFor((l) => l.msg === 'audit');
  });

  it('fails at start when the file cannot be opened', async () => {
    await expect(
      openAuditSink({ logger: createLogger({ level: 'silent' }), auditFile: '/nonexistent/dir/audit.jsonl' }),
    ).rejects.toBeInstanceOf(AuditWriteError);
  });
});
