import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeFor, toExecResult } from '../../src/console/exec-result.js';
import { PdHttpError } from '../../src/core/pd/pd-errors.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';
import { AT, requestFor, TARGET } from '../support/outcome-fixtures.js';
import { drainPreviewReadFailed, drainPreviewSchedulerExists } from '../support/preview-fixtures.js';

const request = requestFor('transfer_leader', { region_id: 42, to_store_id: 4 });
const pdRequest = transferLeaderRequest(42, 4);

describe('exec results', () => {
  it('maps every outcome kind to its documented exit code', () => {
    expect(exitCodeFor('ok')).toBe(0);
    expect(exitCodeFor('preview')).toBe(0);
    expect(exitCodeFor('pd_error')).toBe(1);
    expect(exitCodeFor('denied')).toBe(1);
    expect(exitCodeFor('needs_approval')).toBe(1);
    expect(exitCodeFor('invalid_input')).toBe(2);
    expect(exitCodeFor('internal_error')).toBe(3);
    expect(EXIT_CODES).toEqual({ ok: 0, failed: 1, usage: 2, internal: 3 });
  });

  it('keeps the same keys, in the same order, for every outcome', () => {
    const keys = [
      'ok',
      'kind',
      'action',
      'params',
      'dryRun',
      'cluster',
      'pd',
      'error',
      'preview',
      'durationMs',
      'correlationId',
      'requestedBy',
      'startedAt',
    ];
    const error = new PdHttpError(pdRequest, TARGET.endpoint, 500, undefined, '"no"\n', 'no', 3);
    const failed = toExecResult({
      kind: 'pd_error',
      request,
      target: TARGET,
      error,
      startedAt: AT,
      durationMs: 3,
    });
    const internal = toExecResult({ kind: 'internal_error', correlationId: 'abc', error: new Error('x') });
    const invalid = toExecResult({
      kind: 'invalid_input',
      text: 'x',
      issues: [{ message: 'unknown action "x"' }],
    });
    for (const result of [failed, internal, invalid]) expect(Object.keys(result)).toEqual(keys);
    expect(failed).toEqual({
      ok: false,
      kind: 'pd_error',
      action: 'transfer-leader',
      params: { region_id: 42, to_store_id: 4 },
      dryRun: false,
      cluster: { name: 'default', production: false },
      pd: {
        endpoint: TARGET.endpoint,
        simulated: false,
        method: 'POST',
        path: '/pd/api/v1/operators',
        body: { name: 'transfer-leader', region_id: 42, to_store_id: 4 },
        status: 500,
        rawBody: '"no"\n',
        message: 'no',
      },
      error: { code: 'PD_HTTP_ERROR', message: 'PD answered POST /pd/api/v1/operators with HTTP 500: no' },
      preview: null,
      durationMs: 3,
      correlationId: 'c0ffee123456',
      requestedBy: 'U0ONCALL',
      startedAt: '2026-11-28T18:00:05.000Z',
    });
    expect(internal.error).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'internal error inside tikv-chatops (correlation id abc)',
    });
    expect(internal.correlationId).toBe('abc');
  });

  it('gives a dry run every write, read, note, warning and alternative, not only the first request', () => {
    const exists = toExecResult(drainPreviewSchedulerExists);
    expect(exists.ok).toBe(true);
    expect(exists.pd?.path).toBe('/pd/api/v1/scheduler-config/evict-leader-scheduler/config');
    expect(exists.preview).toEqual({
      requests: [
        {
          method: 'POST',
          path: '/pd/api/v1/scheduler-config/evict-leader-scheduler/config',
          body: { name: 'evict-leader-scheduler', store_id: 4 },
        },
      ],
      reads: [{ method: 'GET', path: '/pd/api/v1/schedulers', answer: 'HTTP 200' }],
      notes: drainPreviewSchedulerExists.notes,
      warnings: [],
      alternatives: [
        {
          when: 'if evict-leader-scheduler did not exist',
          request: {
            method: 'POST',
            path: '/pd/api/v1/schedulers',
            body: { name: 'evict-leader-scheduler', store_id: 4 },
          },
        },
      ],
    });
    const failed = toExecResult(drainPreviewReadFailed);
    expect(failed.pd).toBeNull();
    expect(failed.preview?.requests).toEqual([]);
    expect(failed.preview?.warnings).toEqual(drainPreviewReadFailed.warnings);
    expect(failed.preview?.alternatives.map((a) => a.request.path)).toEqual([
      '/pd/api/v1/scheduler-config/evict-leader-scheduler/config',
      '/pd/api/v1/schedulers',
    ]);
  });

  it('bounds the issues it echoes, however much was typed', () => {
    const issues = Array.from({ length: 40 }, (_, i) => ({
      field: `f${i}`,
      message: `f${i} ${'m'.repeat(5000)}`,
      received: 'r'.repeat(40_000),
    }));
    const result = toExecResult({ kind: 'invalid_input', text: 'x'.repeat(40_000), issues });
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
    expect(result.error?.issues).toHaveLength(10);
    expect(result.error?.message).toMatch(/; … and 30 more$/);
    for (const issue of result.error?.issues ?? []) {
      expect(issue.message.length).toBeLessThanOrEqual(300);
      expect(issue.received?.length).toBeLessThanOrEqual(300);
    }
  });
});
