import type { PdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate-policy.js';
import type { Policy } from '../../../../src/core/policy/policy.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { HEALTH_ACTION } from '../../../../src/subjects/tikv/actions/health.js';
import type { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

/** PD v8.5's answer for three members, one of which did not answer the leader's ping (pd-api.md §6). */
const ONE_DOWN =
  '[{"name":"pd-0","member_id":3474484975246189105,"client_urls":["http://pd-0.pd-peer:2379"],"health":true},' +
  '{"name":"pd-1","member_id":11530568734934214000,"client_urls":["http://pd-1.pd-peer:2379"],"health":false},' +
  '{"name":"pd-2","member_id":9007199254740993,"client_urls":["http://pd-2.pd-peer:2379"],"health":true}]\n';

/**
 * Two members whose IDs are one apart above 2^53: as JS numbers both are 9007199254740992, so only
 * an exact comparison of PD's digits marks one leader (pd-0 here) and not both.
 */
const TWINS_HEALTH =
  '[{"name":"pd-0","member_id":9007199254740993,"client_urls":["http://pd-0.pd-peer:2379"],"health":true},' +
  '{"name":"pd-1","member_id":11530568734934214001,"client_urls":["http://pd-1.pd-peer:2379"],"health":false},' +
  '{"name":"pd-2","member_id":9007199254740992,"client_urls":["http://pd-2.pd-peer:2379"],"health":true}]\n';
const TWINS_MEMBERS =
  '{\n  "header": {\n    "cluster_id": 7405123456789012345\n  },\n  "members": [],\n' +
  '  "leader": {\n    "name": "pd-0",\n    "member_id": 9007199254740993,\n    "client_urls": ["http://pd-0.pd-peer:2379"]\n  }\n}\n';

describe('health: a read-only action that is one definition', () => {
  let sim: PdSim;
  let subject: TikvSubject;
  useSimSubject((made) => {
    ({ sim, subject } = made);
  });

  it("reads GET /members then GET /health and marks the simulator's leader in the table", async () => {
    const response = await subject.execute(HEALTH_ACTION, {}, { correlationId: 'c0ffee' });
    expect(sim.requests.map((r) => [r.method, r.path, r.headers['x-request-id']])).toEqual([
      ['GET', '/pd/api/v1/members', 'c0ffee'],
      ['GET', '/pd/api/v1/health', 'c0ffee'],
    ]);
    const table = HEALTH_ACTION.present?.(response);
    expect(table?.summary).toBe('3 PD members, all healthy');
    expect(table?.columns).toEqual(['Member', 'Role', 'Health', 'Client URLs']);
    expect(table?.rows.map((row) => row.slice(0, 3))).toEqual([
      ['pd-0', 'follower', 'healthy'],
      ['pd-1', 'leader', 'healthy'],
      ['pd-2', 'follower', 'healthy'],
    ]);
  });

  it("compares member IDs above 2^53 as PD's exact digits, marking one leader, not two", async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/health',
      action: 'status',
      status: 200,
      body: TWINS_HEALTH,
    });
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/members',
      action: 'status',
      status: 200,
      body: TWINS_MEMBERS,
    });
    const response = await subject.execute(HEALTH_ACTION, {}, {});
    expect(HEALTH_ACTION.present?.(response)?.rows.map((row) => row.slice(0, 2))).toEqual([
      ['pd-0', 'leader'],
      ['pd-1', 'follower'],
      ['pd-2', 'follower'],
    ]);
  });

  it('still shows health when the members read fails, saying the leader is unknown', async () => {
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/members', action: 'status', status: 500 });
    const response = await subject.execute(HEALTH_ACTION, {}, {});
    const table = HEALTH_ACTION.present?.(response);
    expect(table?.summary).toBe('3 PD members, all healthy; leader unknown (GET /pd/api/v1/members failed)');
    expect(table?.rows.map((row) => row[1])).toEqual(['?', '?', '?']);
  });

  it('names the member that did not answer the ping', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/health',
      action: 'status',
      status: 200,
      body: ONE_DOWN,
    });
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/members',
      action: 'status',
      status: 200,
      body: TWINS_MEMBERS.replace('9007199254740993', '18446744073709551615'),
    });
    const response = await subject.execute(HEALTH_ACTION, {}, {});
    expect(HEALTH_ACTION.present?.(response)).toEqual({
      summary:
        "3 PD members, 1 not answering PD's ping; the leader (member_id 18446744073709551615) is not in this list",
      columns: ['Member', 'Role', 'Health', 'Client URLs'],
      rows: [
        ['pd-0', 'follower', 'healthy', 'http://pd-0.pd-peer:2379'],
        ['pd-1', 'follower', 'UNHEALTHY', 'http://pd-1.pd-peer:2379'],
        ['pd-2', 'follower', 'healthy', 'http://pd-2.pd-peer:2379'],
      ],
    });
  });

  it.each([
    ['not JSON', 'etcd unavailable'],
    ['not a list', '{"health":true}'],
    ['an empty list', '[]'],
    ['a member without a name', '[{"health":true}]'],
    ['health that is not a boolean', '[{"name":"pd-0","health":"yes"}]'],
  ])('leaves PD raw body to be shown when the answer is %s', async (_name, body) => {
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/health', action: 'status', status: 200, body });
    const response = await subject.execute(HEALTH_ACTION, {}, {});
    expect(HEALTH_ACTION.present?.(response)).toBeUndefined();
  });

  it('previews the GET /health, sending only the bounded members read', async () => {
    const preview = await subject.preview(HEALTH_ACTION, {}, {});
    expect(preview.pdRequests).toEqual([{ method: 'GET', path: '/pd/api/v1/health' }]);
    expect(preview.reads.map((r) => r.request.path)).toEqual(['/pd/api/v1/members']);
    expect(sim.requests.map((r) => r.path)).toEqual(['/pd/api/v1/members']);
  });

  it('is open to a user no policy rule names, because it changes nothing', () => {
    const nobody: Policy = {
      version: 1,
      readOnlyActions: 'open',
      approvals: {
        requiredForRisk: [],
        requiredForActions: [],
        ttlMinutes: 30,
        approvers: { users: [], groups: [] },
      },
      rules: [],
    };
    expect(
      evaluatePolicy(nobody, { userId: 'U0STRANGER', groupIds: [], action: HEALTH_ACTION, params: {} })
        .allowed,
    ).toBe(true);
  });

  it('shows the table, not the raw body, in Slack and on the console', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/members',
      action: 'status',
      status: 200,
      body: TWINS_MEMBERS.replace('9007199254740993', '3474484975246189105'),
    });
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/health',
      action: 'status',
      status: 200,
      body: ONE_DOWN,
    });
    const response = await subject.execute(HEALTH_ACTION, {}, {});
    const outcome = okOutcomeFor('health', {}, response);
    const message = renderOutcomeMessage(outcome);
    expectGolden('slack/health-one-member-down', message);
    const slack = JSON.stringify(message);
    expect(slack).toContain(':white_check_mark: *health* — PD answered');
    expect(slack).toContain(
      JSON.stringify(
        "PD answered *HTTP 200*: 3 PD members, 1 not answering PD's ping\n```" +
          'Member  Role      Health     Client URLs\n' +
          'pd-0    leader    healthy    http://pd-0.pd-peer:2379\n' +
          'pd-1    follower  UNHEALTHY  http://pd-1.pd-peer:2379\n' +
          'pd-2    follower  healthy    http://pd-2.pd-peer:2379```',
      ).slice(1, -1),
    );
    expect(slack).not.toContain('member_id');
    const text = renderOutcomeText(outcome);
    expect(text).toContain("Success! 3 PD members, 1 not answering PD's ping");
    expect(text).toContain('pd-1    follower  UNHEALTHY  http://pd-1.pd-peer:2379');
    expect(text).not.toContain('member_id');
  });
});
