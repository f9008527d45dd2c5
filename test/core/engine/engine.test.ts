import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine/engine.js';
import { PdHttpError } from '../../../src/core/pd/pd-errors.js';
import type { PdResponse, PdTransport } from '../../../src/pd/pd-client.js';
import type { PdRequest } from '../../../src/pd/pd-request.js';
import { TikvSubject } from '../../../src/subjects/tikv/tikv-subject.js';
import { LogCapture } from '../../support/log-capture.js';
import { oneCluster } from '../../support/one-cluster.js';
import { requestFor } from '../../support/outcome-fixtures.js';
import { testSafety } from '../../support/test-safety.js';

const clock = {
  now: () => new Date('2026-11-28T18:00:05Z'),
  monotonic: (() => {
    let t = 0;
    return () => (t += 5);
  })(),
};

/** A transport that answers from a function; the engine's contract does not depend on HTTP. */
class ScriptedTransport implements PdTransport {
  readonly endpoint = 'http://pd:2379';
  readonly sent: PdRequest[] = [];
  constructor(private readonly answer: (r: PdRequest) => PdResponse | Error) {}
  async send(request: PdRequest): Promise<PdResponse> {
    this.sent.push(request);
    const a = this.answer(request);
    if (a instanceof Error) throw a;
    return a;
  }
}

/** PD accepting the operator, as the simulator does. */
const okTransport = () =>
  new ScriptedTransport((r) => ({
    request: r,
    endpoint: 'http://pd:2379',
    status: 200,
    contentType: 'application/json',
    rawBody: '"The operator is created."\n',
    pdMessage: 'The operator is created.',
    durationMs: 3,
  }));

function engineWith(transport: PdTransport, capture = new LogCapture()) {
  return {
    engine: new Engine({
      clusters: oneCluster(new TikvSubject(transport)),
      logger: pino(capture),
      clock,
      safety: testSafety().safety,
    }),
    capture,
  };
}

describe('Engine', () => {
  const request = requestFor('transfer_leader', { region_id: 42, to_store_id: 4 });

  it('returns ok with PD answer and logs one executed line', async () => {
    const { engine, capture } = engineWith(okTransport());
    const outcome = await engine.execute(request);
    expect(outcome.kind).toBe('ok');
    expect(capture.find((l) => l.decision === 'executed')).toEqual([
      expect.objectContaining({
        correlationId: 'c0ffee123456',
        user: 'U0ONCALL',
        channel: 'C0INCIDENT',
        action: 'transfer_leader',
        pdStatus: 200,
        durationMs: 5,
      }),
    ]);
  });

  it('turns a PD error into a pd_error outcome', async () => {
    const transport = new ScriptedTransport(
      (r) =>
        new PdHttpError(
          r,
          'http://pd:2379',
          500,
          undefined,
          '"no operator step is built"\n',
          'no operator step is built',
          1,
        ),
    );
    const { engine, capture } = engineWith(transport);
    const outcome = await engine.execute(request);
    expect(outcome.kind === 'pd_error' && outcome.error.code).toBe('PD_HTTP_ERROR');
    expect(capture.find((l) => l.decision === 'failed')[0]).toMatchObject({
      pdStatus: 500,
      pdBody: '"no operator step is built"\n',
    });
  });

  it('turns an unexpected exception into internal_error instead of throwing', async () => {
    const transport = new ScriptedTransport(() => new TypeError('bug'));
    const { engine } = engineWith(transport);
    const outcome = await engine.execute(request);
    expect(outcome).toMatchObject({ kind: 'internal_error', correlationId: 'c0ffee123456' });
  });

  it('previews a dry run without sending a write (only the bounded reads of its checks)', async () => {
    const transport = new ScriptedTransport((r) =>
      r.method === 'GET'
        ? {
            request: r,
            endpoint: 'http://pd:2379',
            status: 200,
            contentType: 'application/json',
            rawBody: '{}',
            pdMessage: '{}',
            durationMs: 1,
          }
        : new Error('a dry run must not send a write'),
    );
    const { engine } = engineWith(transport);
    const outcome = await engine.execute({ ...request, dryRun: true });
    expect(transport.sent).toEqual([
      { method: 'GET', path: '/pd/api/v1/store/4' },
      { method: 'GET', path: '/pd/api/v1/region/id/42' },
    ]);
    expect(outcome.kind === 'preview' && outcome.pdRequests).toEqual([
      {
        method: 'POST',
        path: '/pd/api/v1/operators',
        body: { name: 'transfer-leader', region_id: 42, to_store_id: 4 },
      },
    ]);
  });
});

describe('Engine dry runs that read before they write', () => {
  const drain = { ...requestFor('drain_store', { store_id: 4 }), dryRun: true };
  const listed = (body: string) =>
    new ScriptedTransport((r) =>
      r.method === 'GET'
        ? {
            request: r,
            endpoint: 'http://pd:2379',
            status: 200,
            contentType: 'application/json; charset=UTF-8',
            rawBody: body,
            pdMessage: body,
            durationMs: 1,
          }
        : new Error('a dry run must not send a write'),
    );

  it('sends only the read, and previews the write that applies now and the other one', async () => {
    const transport = listed('[\n  "balance-leader-scheduler",\n  "evict-leader-scheduler"\n]\n');
    const { engine, capture } = engineWith(transport);
    const outcome = await engine.execute(drain);
    expect(transport.sent).toEqual([{ method: 'GET', path: '/pd/api/v1/schedulers' }]);
    expect(outcome).toMatchObject({
      kind: 'preview',
      pdRequests: [
        {
          method: 'POST',
          path: '/pd/api/v1/scheduler-config/evict-leader-scheduler/config',
          body: { name: 'evict-leader-scheduler', store_id: 4 },
        },
      ],
      alternatives: [
        {
          when: 'if evict-leader-scheduler did not exist',
          request: { method: 'POST', path: '/pd/api/v1/schedulers' },
        },
      ],
    });
    expect(capture.find((l) => l.decision === 'previewed')).toEqual([
      expect.objectContaining({
        msg: 'action previewed, no write sent to PD',
        pdReads: ['GET /pd/api/v1/schedulers HTTP 200'],
        warnings: [],
      }),
    ]);
  });

  it('stays a private preview when the read fails, instead of a PD error for the channel', async () => {
    const transport = new ScriptedTransport(
      (r) => new PdHttpError(r, 'http://pd:2379', 503, 'text/plain', 'no leader\n', 'no leader', 1),
    );
    const { engine } = engineWith(transport);
    const outcome = await engine.execute(drain);
    expect(outcome.kind).toBe('preview');
    expect(outcome.kind === 'preview' && outcome.pdRequests).toEqual([]);
    expect(outcome.kind === 'preview' && outcome.warnings).toEqual([
      'Reading GET /pd/api/v1/schedulers failed (PD answered HTTP 503: no leader). A real run would stop at this read and change nothing.',
    ]);
    expect(transport.sent.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('Engine with a failing audit trail', () => {
  const request = requestFor('transfer_leader', { region_id: 42, to_store_id: 4 });

  function engineFailingOn(events: string[], transport: PdTransport) {
    const { safety } = testSafety();
    const audit = {
      record: async (r: { event: string }) => {
        if (events.includes(r.event))
          throw Object.assign(new Error('disk full'), { code: 'AUDIT_WRITE_FAILED' });
      },
    };
    return new Engine({
      clusters: oneCluster(new TikvSubject(transport)),
      logger: pino(new LogCapture()),
      clock,
      safety: { ...safety, audit },
    });
  }

  it('sends nothing to PD when the request cannot be recorded', async () => {
    const transport = okTransport();
    const outcome = await engineFailingOn(['requested'], transport).execute(request);
    expect(outcome.kind).toBe('internal_error');
    expect(outcome.kind === 'internal_error' && (outcome.error as { code: string }).code).toBe(
      'AUDIT_WRITE_FAILED',
    );
    expect(transport.sent).toEqual([]);
  });

  it('still reports what PD said when only the result cannot be recorded', async () => {
    const outcome = await engineFailingOn(['executed'], okTransport()).execute(request);
    expect(outcome.kind).toBe('ok');
    expect(outcome.kind === 'ok' && outcome.auditError).toBe('disk full');
  });
});

describe('Engine policy decisions', () => {
  it('denies, records the denial and sends nothing when no rule grants the action', async () => {
    const transport = new ScriptedTransport(() => new Error('must not be called'));
    const { safety, records } = testSafety({ user: 'USOMEONEELSE' });
    const engine = new Engine({
      clusters: oneCluster(new TikvSubject(transport)),
      logger: pino(new LogCapture()),
      clock,
      safety,
    });
    const outcome = await engine.execute(requestFor('drain_store', { store_id: 3 }));
    expect(outcome.kind).toBe('denied');
    expect(transport.sent).toEqual([]);
    expect(records.map((r) => [r.event, r.userId, r.action])).toEqual([
      ['denied', 'U0ONCALL', 'drain_store'],
    ]);
  });

  it('returns the denial as facts, and keeps plain words in the audit record and the log', async () => {
    const transport = new ScriptedTransport(() => new Error('must not be called'));
    const { safety, records } = testSafety({ user: 'USOMEONEELSE' });
    const log = new LogCapture();
    const engine = new Engine({
      clusters: oneCluster(new TikvSubject(transport)),
      logger: pino(log),
      clock,
      safety,
    });
    const outcome = await engine.execute({
      ...requestFor('drain_store', { store_id: 3 }),
      channelId: 'C0X1',
    });
    expect(outcome).toMatchObject({
      kind: 'denied',
      denial: {
        code: 'NOT_GRANTED',
        userId: 'U0ONCALL',
        action: 'drain_store',
        riskLevel: 'high',
        channelId: 'C0X1',
      },
      reason: 'U0ONCALL may not run drain-store (high risk) in channel C0X1 on cluster default',
    });
    expect(records.map((r) => r.reason)).toEqual([
      'U0ONCALL may not run drain-store (high risk) in channel C0X1 on cluster default',
    ]);
    expect(log.find((l) => l.decision === 'denied')).toEqual([
      expect.objectContaining({
        denialCode: 'NOT_GRANTED',
        reason: 'U0ONCALL may not run drain-store (high risk) in channel C0X1 on cluster default',
      }),
    ]);
  });

  it('denies with "could not check your groups" when the group lookup fails, and sends nothing', async () => {
    const transport = new ScriptedTransport(() => new Error('must not be called'));
    const { safety, records } = testSafety();
    const failing = {
      ...safety,
      groupsOf: async () => {
        throw new Error('ratelimited');
      },
    };
    const engine = new Engine({
      clusters: oneCluster(new TikvSubject(transport)),
      logger: pino(new LogCapture()),
      clock,
      safety: failing,
    });
    const outcome = await engine.execute(requestFor('drain_store', { store_id: 3 }));
    expect(outcome).toMatchObject({
      kind: 'denied',
      denial: { code: 'GROUP_LOOKUP_FAILED', userId: 'U0ONCALL', action: 'drain_store' },
      remedy: { code: 'RETRY_GROUP_LOOKUP' },
      reason: 'could not check your groups, so drain-store was not run',
    });
    expect(records.map((r) => r.event)).toEqual(['denied']);
    expect(transport.sent).toEqual([]);
  });
});
