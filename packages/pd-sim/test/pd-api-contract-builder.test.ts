import { describe, expect } from 'vitest';
import type { PdSim } from '../src/start-pd-sim.js';
import { JSON_TYPE } from './call-pd.js';
import { type ContractCase, contractTable, setupCall } from './contract-case.js';

/*
 * What PD's operator builder answers, and in which order it checks. Every case names the PD source it
 * copies (tikv/pd master a186e0cc; the same code at 9ead470147):
 *   handler.go  = pkg/schedule/handler/handler.go
 *   builder.go  = pkg/schedule/operator/builder.go
 *   create_operator.go = pkg/schedule/operator/create_operator.go
 */

const OPS = '/pd/api/v1/operators';
const CREATED = '"The operator is created."\n';
const NOT_ALLOWED = '"cannot create operator: target leader is not allowed"\n';
const NO_LEADER = '"cannot build operator for region with no leader"\n';
const JOINT = '"cannot build operator for region which is in joint state"\n';
const NO_VALID_LEADER = '"no valid leader"\n';

const tl = (region: number, to: number) => ({ name: 'transfer-leader', region_id: region, to_store_id: to });
const tp = (region: number, from: number, to: number) => ({
  name: 'transfer-peer',
  region_id: region,
  from_store_id: from,
  to_store_id: to,
});
const post = (
  name: string,
  body: unknown,
  status: number,
  expected: ContractCase['expected'],
  setup?: ContractCase['setup'],
): ContractCase => ({
  name,
  method: 'POST',
  path: OPS,
  body,
  status,
  contentType: JSON_TYPE,
  expected,
  ...(setup && { setup }),
});

/**
 * Region 42 (voters 4, 2 leader, 3; TiFlash learner 7) left in joint state: a transfer-peer 3 → 1 runs
 * its add-learner and enter-joint steps (500 ms each), then is cancelled, so store 1 holds an
 * IncomingVoter and store 3 a DemotingVoter, and no operator is running.
 */
async function leave42InJointState(sim: PdSim): Promise<void> {
  await setupCall(sim, 'POST', OPS, tp(42, 3, 1));
  sim.advance(1_000);
  await setupCall(sim, 'DELETE', `${OPS}/42`);
  const roles = sim.cluster.region(42)?.peers.map((p) => [p.storeId, p.role]);
  expect(roles).toEqual(
    expect.arrayContaining([
      [1, 2],
      [3, 3],
    ]),
  );
}

/** No voter but the incoming one could lead: 3 and 4 Disconnected (not yet unhealthy), 1 Offline. */
function noOtherLeaderFor42(sim: PdSim): void {
  sim.cluster.setStoreState(1, 'Offline');
  sim.cluster.stopHeartbeats(3, 25_000);
  sim.cluster.stopHeartbeats(4, 25_000);
}

describe('transfer-peer that leaves no voter able to lead (builder.go ~603–606)', () => {
  contractTable([
    post(
      'moving the leader peer when neither the other voters nor the new peer may lead is "no valid leader"',
      tp(42, 2, 1),
      500,
      NO_VALID_LEADER,
      noOtherLeaderFor42,
    ),
    post(
      'other voters under evict-leader cannot lead either',
      tp(42, 2, 1),
      500,
      NO_VALID_LEADER,
      async (sim) => {
        sim.cluster.setStoreState(1, 'Offline');
        const evict = { name: 'evict-leader-scheduler', store_id: 3 };
        await setupCall(sim, 'POST', '/pd/api/v1/schedulers', evict);
        await setupCall(sim, 'POST', '/pd/api/v1/scheduler-config/evict-leader-scheduler/config', {
          ...evict,
          store_id: 4,
        });
      },
    ),
    post(
      'when only the new peer may lead, the move is built (leader handed over inside the joint state)',
      tp(42, 2, 1),
      200,
      CREATED,
      (sim) => {
        sim.cluster.stopHeartbeats(3, 25_000);
        sim.cluster.stopHeartbeats(4, 25_000);
      },
    ),
  ]);
});

describe('regions in joint state (builder.go ~151–154, create_operator.go ~84 SkipOriginJointStateCheck)', () => {
  contractTable([
    post('transfer-peer is refused', tp(42, 4, 5), 500, JOINT, leave42InJointState),
    post(
      'add-peer is refused',
      { name: 'add-peer', region_id: 42, store_id: 5 },
      500,
      JOINT,
      leave42InJointState,
    ),
    post(
      'remove-peer is refused',
      { name: 'remove-peer', region_id: 42, store_id: 4 },
      500,
      JOINT,
      leave42InJointState,
    ),
    post('transfer-leader skips the check and is created', tl(42, 4), 200, CREATED, leave42InJointState),
    // allowLeader (builder.go ~928–931) refuses Learner and DemotingVoter; GetStoreVoter
    // (pkg/core/region.go ~528) counts every non-learner, so the builder is what refuses it.
    post(
      'transfer-leader to a DemotingVoter is not allowed',
      tl(42, 3),
      500,
      NOT_ALLOWED,
      leave42InJointState,
    ),
    post('transfer-leader to an IncomingVoter is allowed', tl(42, 1), 200, CREATED, leave42InJointState),
  ]);
});

const GO_TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}`;
/** GET /operators/{id} for an operator built on region 46 (voters 1, 5 Offline, 3; peer IDs 47, 48, 49). */
function operatorOf46(
  name: string,
  body: unknown,
  brief: string,
  kinds: string,
  steps: string,
  leaderOn: number,
): ContractCase {
  return {
    name,
    setup: async (sim) => {
      sim.cluster.setLeader(46, leaderOn);
      await setupCall(sim, 'POST', OPS, body);
    },
    method: 'GET',
    path: `${OPS}/46`,
    status: 200,
    contentType: JSON_TYPE,
    expected: (text) => {
      expect(JSON.parse(text) as string).toMatch(
        new RegExp(
          `^status: RUNNING, operator: admin-[a-z-]+ \\{${brief}\\} \\(kind:${kinds}, region:46\\(\\d+, \\d+\\), ` +
            `createAt:${GO_TIME}, startAt:${GO_TIME}, currentStep:0, size:\\d+, steps:\\[${steps}\\], timeout:`,
        ),
      );
    },
  };
}

describe('a leader on an Offline store is moved off first (builder.go ~621–627, ~728 preferUpStoreAsLeader)', () => {
  const joint = (n: string, removed: number, peerId: number) =>
    `promote learner peer ${n} on store 2 to voter, demote voter peer ${peerId} on store ${removed} to learner`;
  contractTable([
    operatorOf46(
      'transfer-peer of a follower: add learner, hand the leader to an Up voter, joint change, remove',
      tp(46, 3, 2),
      String.raw`mv peer: store \[3\] to \[2\]`,
      'admin,region,leader',
      String.raw`0:\{add learner peer (?<peer>\d+) on store 2\}, 1:\{transfer leader from store 5 to store 1\}, ` +
        String.raw`2:\{use joint consensus, ${joint('\\k<peer>', 3, 49)}\}, 3:\{leave joint state, ${joint('\\k<peer>', 3, 49)}\}, ` +
        String.raw`4:\{remove peer on store 3\}`,
      5,
    ),
    operatorOf46(
      'the same move with the leader on an Up store keeps the leader where it is',
      tp(46, 3, 2),
      String.raw`mv peer: store \[3\] to \[2\]`,
      'admin,region',
      String.raw`0:\{add learner peer (?<peer>\d+) on store 2\}, ` +
        String.raw`1:\{use joint consensus, ${joint('\\k<peer>', 3, 49)}\}, 2:\{leave joint state, ${joint('\\k<peer>', 3, 49)}\}, ` +
        String.raw`3:\{remove peer on store 3\}`,
      1,
    ),
    operatorOf46(
      'transfer-peer of the leader peer itself hands the leader to an old voter first',
      tp(46, 5, 2),
      String.raw`mv peer: store \[5\] to \[2\]`,
      'admin,region,leader',
      String.raw`0:\{add learner peer (?<peer>\d+) on store 2\}, 1:\{transfer leader from store 5 to store [13]\}, ` +
        String.raw`2:\{use joint consensus, ${joint('\\k<peer>', 5, 48)}\}, 3:\{leave joint state, ${joint('\\k<peer>', 5, 48)}\}, ` +
        String.raw`4:\{remove peer on store 5\}`,
      5,
    ),
    // Without joint consensus (one change), planAddPeer prefers a leader on an Up store (builder.go ~1254).
    operatorOf46(
      'add-peer moves the leader to an Up store before sending the snapshot',
      { name: 'add-peer', region_id: 46, store_id: 2 },
      String.raw`add peer: store \[2\]`,
      'admin,region,leader',
      String.raw`0:\{transfer leader from store 5 to store 1\}, 1:\{add learner peer (?<peer>\d+) on store 2\}, ` +
        String.raw`2:\{promote learner peer \k<peer> on store 2 to voter\}`,
      5,
    ),
    // planRemovePeer keeps the current leader, then setTargetLeaderIfNotExist prefers an Up store (~788–796).
    operatorOf46(
      'remove-peer removes first, then moves the leader off the Offline store',
      { name: 'remove-peer', region_id: 46, store_id: 3 },
      String.raw`rm peer: store \[3\]`,
      'admin,region,leader',
      String.raw`0:\{remove peer on store 3\}, 1:\{transfer leader from store 5 to store 1\}`,
      5,
    ),
    // RemovePeer(1) then AddPeer(1) is no change; the brief is computed before a target leader exists.
    operatorOf46(
      'transfer-peer to its own store still moves a leader off an Offline store (brief says "to 0")',
      tp(46, 1, 1),
      'transfer leader: store 5 to 0',
      'admin,leader',
      String.raw`0:\{transfer leader from store 5 to store [13]\}`,
      5,
    ),
  ]);
});

describe('transfer-peer checks in PD order: handler.go ~472–495, then NewBuilder, AddPeer, Build, addOperator', () => {
  contractTable([
    post(
      'no peer on the source store comes before an unknown target store',
      tp(42, 5, 99),
      500,
      '"region has no peer in store 5"\n',
    ),
    post(
      "checkStoreState (unknown target) comes before the builder's no-leader check",
      tp(42, 3, 99),
      500,
      '"[PD:core:ErrStoreNotFound]store 99 not found"\n',
      (sim) => sim.cluster.clearLeader(42),
    ),
    post(
      'checkStoreState (Tombstone target) comes before already-have-peer',
      tp(42, 3, 4),
      500,
      '"[PD:core:ErrStoreRemoved]store 4 has been removed"\n',
      (sim) => sim.cluster.setStoreState(4, 'Tombstone'),
    ),
    post(
      'no leader (NewBuilder) comes before already-have-peer (AddPeer)',
      tp(42, 3, 4),
      500,
      NO_LEADER,
      (sim) => sim.cluster.clearLeader(42),
    ),
    post('no leader comes before a same-store move', tp(42, 3, 3), 500, NO_LEADER, (sim) =>
      sim.cluster.clearLeader(42),
    ),
    post(
      'joint state (NewBuilder) comes before already-have-peer',
      tp(42, 3, 4),
      500,
      JOINT,
      leave42InJointState,
    ),
    post('joint state comes before a same-store move', tp(42, 3, 3), 500, JOINT, leave42InJointState),
    post(
      'a same-store move changes nothing: no operator step is built',
      tp(42, 3, 3),
      500,
      '"no operator step is built"\n',
    ),
    post(
      'already-have-peer (AddPeer) comes before an operator already running (addOperator)',
      tp(42, 3, 4),
      500,
      '"cannot add peer store_id:4 : already have peer id:43 store_id:4 "\n',
      (sim) => setupCall(sim, 'POST', OPS, tl(42, 4)),
    ),
    post(
      '"no valid leader" (Build) comes before an operator already running',
      tp(42, 2, 1),
      500,
      NO_VALID_LEADER,
      async (sim) => {
        await setupCall(sim, 'POST', OPS, tl(42, 4));
        noOtherLeaderFor42(sim);
      },
    ),
    post(
      'a buildable move on a region with a running admin operator is ErrAddOperator',
      tp(42, 3, 1),
      500,
      '"[PD:operator:ErrAddOperator]failed to add operator, maybe already have one"\n',
      (sim) => setupCall(sim, 'POST', OPS, tl(42, 4)),
    ),
  ]);
});

describe('transfer-leader checks in PD order: handler.go ~408–430, then NewBuilder, SetLeader, prepareBuild', () => {
  contractTable([
    post(
      'no voter on the store comes before no leader',
      tl(42, 1),
      500,
      '"region has no voter in store 1"\n',
      (sim) => sim.cluster.clearLeader(42),
    ),
    post('no leader comes before an unhealthy target', tl(50, 6), 500, NO_LEADER, (sim) =>
      sim.cluster.clearLeader(50),
    ),
    post(
      'an unhealthy target (SetLeader) comes before the leader filter (prepareBuild)',
      tl(50, 6),
      500,
      '"cannot transfer leader to 6: unhealthy"\n',
      (sim) => sim.cluster.setStoreState(6, 'Offline'),
    ),
  ]);
});
