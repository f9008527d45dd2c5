import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pdPathTemplate } from '../../src/metrics/pd-path-template.js';
import { OTHER, PrometheusMetrics } from '../../src/metrics/prometheus-metrics.js';
import { allLabelValues, samples } from '../health/health-support.js';

const ACTIONS = ['transfer_leader', 'region'];
const CLUSTERS = ['prod-east', 'staging'];

function metrics() {
  return new PrometheusMetrics({ actions: ACTIONS, clusters: CLUSTERS, defaultMetrics: false });
}

describe('pdPathTemplate', () => {
  it.each([
    ['/pd/api/v1/operators/42', '/pd/api/v1/operators/{id}'],
    ['/pd/api/v1/region/id/18446744073709551615', '/pd/api/v1/region/id/{id}'],
    ['/pd/api/v1/store/7', '/pd/api/v1/store/{id}'],
    ['/pd/api/v1/operators/records?from=1700000000', '/pd/api/v1/operators/records'],
    ['/pd/api/v1/schedulers?status=paused&timestamp=true', '/pd/api/v1/schedulers'],
    [
      '/pd/api/v1/scheduler-config/evict-leader-scheduler/delete/4',
      '/pd/api/v1/scheduler-config/evict-leader-scheduler/delete/{id}',
    ],
    ['/pd/api/v1/region/key/7480000000000000ff', '/pd/api/v1/region/key/{param}'],
    ['/pd/api/v1/hotspot/regions/read', '/pd/api/v1/hotspot/regions/read'],
  ])('%s → %s', (path, template) => {
    expect(pdPathTemplate(path)).toBe(template);
  });

  it('turns any path into one made of known words and placeholders, at most 8 segments', () => {
    const known = new Set(pdPathTemplate('/pd/api/v1/operators/records').split('/'));
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (path) => {
        const segments = pdPathTemplate(path).split('/').slice(1);
        expect(segments.length).toBeLessThanOrEqual(8);
        for (const s of segments) {
          if (s === '' || s === '{id}' || s === '{param}' || known.has(s)) continue;
          // A kept word is one of the static list: lower-case letters, digits and dashes, no ids.
          expect(s).toMatch(/^[a-z][a-z0-9-]*$/);
          expect(s).not.toMatch(/^[0-9]+$/);
        }
      }),
    );
  });
});

describe('PrometheusMetrics', () => {
  it('counts commands under the configured action and cluster names, anything else as other', async () => {
    const m = metrics();
    m.commandFinished({ action: 'transfer_leader', cluster: 'prod-east', outcome: 'ok' });
    m.commandFinished({ action: 'transfer_leader', cluster: 'prod-east', outcome: 'ok' });
    m.commandFinished({ action: 'drop table; U0SOMEONE', cluster: 'region 42', outcome: 'whatever' });
    const text = await m.scrape();
    expect(samples(text, 'tikv_chatops_commands_total')).toEqual([
      { labels: { action: 'transfer_leader', cluster: 'prod-east', outcome: 'ok' }, value: 2 },
      { labels: { action: OTHER, cluster: OTHER, outcome: OTHER }, value: 1 },
    ]);
  });

  it('keeps the series count bounded whatever the callers pass (no ids, users or free text as labels)', async () => {
    const m = metrics();
    const allowed = new Set([
      ...ACTIONS,
      ...CLUSTERS,
      OTHER,
      'ok',
      'denied',
      'requested',
      'GET',
      'POST',
      'none',
      'PD_CONNECTION_REFUSED',
    ]);
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        fc.integer(),
        (action, cluster, path, slackMethod, status) => {
          m.commandFinished({ action, cluster, outcome: action });
          m.approvalChanged(action as 'requested');
          m.pdExchange({ method: action, path, durationMs: 3, status, errorCode: cluster });
          m.slackApiCall(slackMethod, false);
        },
      ),
      { numRuns: 500 },
    );
    const text = await m.scrape();
    const values = allLabelValues(text);
    const free = values.filter(
      (v) =>
        !allowed.has(v) &&
        !/^\d{3}$/.test(v) &&
        // Histogram bucket bounds.
        !/^[0-9.+Inf]+$/.test(v) &&
        // Path templates: known words and placeholders only (checked above).
        !/^\/[a-z0-9{}/-]*$/.test(v) &&
        // Slack method shapes that happened to be generated: a.b with letters only.
        !/^[a-z]+(\.[a-zA-Z]+){1,3}$/.test(v),
    );
    expect(free).toEqual([]);
    // Statuses are 100–599 at most; errors are the known codes or other.
    const errorCodes = samples(text, 'tikv_chatops_pd_transport_errors_total').map((s) => s.labels.code);
    expect(errorCodes).toEqual([OTHER]);
  });

  it('times PD exchanges by template, method and status; an unanswered one has status none and counts its error', async () => {
    const m = metrics();
    m.pdExchange({ method: 'GET', path: '/pd/api/v1/region/id/42', durationMs: 12, status: 200 });
    m.pdExchange({
      method: 'POST',
      path: '/pd/api/v1/operators',
      durationMs: 2000,
      errorCode: 'PD_RESPONSE_TIMEOUT',
    });
    const text = await m.scrape();
    expect(samples(text, 'tikv_chatops_pd_request_duration_seconds_count')).toEqual([
      { labels: { endpoint: '/pd/api/v1/region/id/{id}', method: 'GET', status: '200' }, value: 1 },
      { labels: { endpoint: '/pd/api/v1/operators', method: 'POST', status: 'none' }, value: 1 },
    ]);
    expect(samples(text, 'tikv_chatops_pd_transport_errors_total')).toEqual([
      { labels: { code: 'PD_RESPONSE_TIMEOUT' }, value: 1 },
    ]);
  });

  it('uses its own registry: two bots in one process never collide, and the global registry stays empty', async () => {
    const { register } = await import('prom-client');
    const a = new PrometheusMetrics({ actions: ACTIONS, clusters: CLUSTERS });
    const b = new PrometheusMetrics({ actions: ACTIONS, clusters: CLUSTERS });
    a.dedupeHit();
    expect(await a.scrape()).toContain('tikv_chatops_dedupe_hits_total 1');
    expect(await b.scrape()).toContain('tikv_chatops_dedupe_hits_total 0');
    expect(register.getMetricsAsArray()).toEqual([]);
  });

  it('reads follow-ups in flight at scrape time', async () => {
    let following = 3;
    const m = new PrometheusMetrics({
      actions: ACTIONS,
      clusters: CLUSTERS,
      defaultMetrics: false,
      followUpsInFlight: () => following,
    });
    expect(await m.scrape()).toContain('tikv_chatops_follow_ups_in_flight 3');
    following = 0;
    expect(await m.scrape()).toContain('tikv_chatops_follow_ups_in_flight 0');
  });
});
