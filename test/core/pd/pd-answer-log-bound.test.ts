import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditSink } from '../../../src/audit/open-audit-sink.js';
import { AUDIT_PD_BODY_BYTES, type AuditRecord } from '../../../src/core/audit/audit-record.js';
import { createLogger } from '../../../src/logging/create-logger.js';
import { LOG_PD_BODY_BYTES } from '../../../src/logging/log-limits.js';
import { buildTikvEngine } from '../../../src/subjects/tikv/build-tikv-engine.js';
import { LogCapture } from '../../support/log-capture.js';
import { requestFor } from '../../support/outcome-fixtures.js';
import { testSafety } from '../../support/test-safety.js';

const MiB = 1024 * 1024;
const LINE_BOUND = 16 * 1024;

/** 10 MB of what a confused PD might send: JSON-looking text, quotes, newlines, non-ASCII. */
const TEN_MB = Buffer.from(
  '{"msg":"region 42 — leader on store 2, «no»\\n","detail":"\\u0000<x>"}\n'
    .repeat(150_000)
    .slice(0, 10_000_000),
);

let server: Server;
let url: string;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pd-answer-log-bound-'));
  server = createServer((req, res) => {
    const status = Number(String(req.headers['x-request-id']).split('-')[1] ?? 200);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': TEN_MB.length });
    res.end(TEN_MB);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each([200, 500])('a 10 MB PD answer with HTTP %i, through the engine', (status) => {
  it('leaves no log line over 16 KiB, logs the start of the body and its length, and the audit file keeps 64 KiB', async () => {
    const capture = new LogCapture();
    const logger = createLogger({ level: 'debug', destination: capture });
    const auditFile = join(dir, `audit-${status}.jsonl`);
    const audit = await openAuditSink({ logger, auditFile });
    const { safety } = testSafety();
    const { engine, close: closePd } = buildTikvEngine({
      clusters: [
        {
          name: 'default',
          production: false,
          endpoints: [url],
          connectTimeoutMs: 2000,
          responseTimeoutMs: 20_000,
        },
      ],
      logger,
      clock: { now: () => new Date('2026-12-01T15:00:00Z'), monotonic: () => performance.now() },
      safety: { ...safety, audit },
    });
    const request = { ...requestFor('transfer_leader', { region_id: 42, to_store_id: 4 }) };
    // The server reads the status to answer from the correlation id PD receives as X-Request-Id.
    const outcome = await engine.execute({ ...request, correlationId: `c0ffee-${status}` });
    await closePd();
    await audit.close();

    expect(outcome.kind).toBe(status === 200 ? 'ok' : 'pd_error');
    for (const raw of capture.raw) expect(raw.length).toBeLessThan(LINE_BOUND);

    const decision = status === 200 ? 'executed' : 'failed';
    const [line] = capture.find((l) => l.decision === decision);
    expect(line).toMatchObject({
      pdStatus: status,
      pdBodyBytes: MiB,
      pdBodyTruncated: true,
      pdTruncatedAtBytes: MiB,
    });
    expect(Buffer.byteLength(String(line?.pdBody))).toBeLessThanOrEqual(LOG_PD_BODY_BYTES);
    expect(TEN_MB.toString().startsWith(String(line?.pdBody))).toBe(true);

    const [auditLine] = capture.find((l) => l.msg === 'audit' && l.event === decision);
    expect(auditLine?.pd).toMatchObject({
      status,
      rawBodyBytes: MiB,
      rawBodyTruncated: true,
      truncatedAtBytes: MiB,
    });

    const records = (await readFile(auditFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord);
    const record = records.find((r) => r.event === decision);
    expect(record?.pd).toMatchObject({
      status,
      rawBodyBytes: MiB,
      rawBodyTruncated: true,
      truncatedAtBytes: MiB,
    });
    const kept = Buffer.byteLength(record?.pd?.rawBody ?? '');
    expect(kept).toBeLessThanOrEqual(AUDIT_PD_BODY_BYTES);
    expect(kept).toBeGreaterThan(AUDIT_PD_BODY_BYTES - 4);
    if (status === 500) expect(record?.reason?.length).toBeLessThan(1000);
  });
});
