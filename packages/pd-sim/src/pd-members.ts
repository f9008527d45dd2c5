import type { GoJsonValue } from './go-json.js';
import { PD_BUILD } from './pd-build.js';
import type { SeededRandom } from './seeded-random.js';

export interface PdMember {
  readonly name: string;
  /** Above 2^53: kept as bigint and written as raw digits. */
  readonly memberId: bigint;
  readonly peerUrls: readonly string[];
  clientUrls: readonly string[];
  readonly gitHash: string;
}

/**
 * The three PD members (pd-0..pd-2, pd-1 leads). All are served by this one process, so the leader
 * advertises the simulator's own URL (a bot that pins itself to `/leader` client_urls keeps working);
 * the followers advertise in-cluster names, as in a Kubernetes deployment.
 */
export class PdMembers {
  readonly clusterId: bigint;
  readonly members: PdMember[];
  leaderName: string | undefined = 'pd-1';
  readonly version: string;

  constructor(rng: SeededRandom, version: string) {
    this.clusterId = rng.uint64Above2Pow53();
    this.version = version;
    // Draw the random hash either way, so member IDs stay the same for a seed.
    const randomHash = rng.hex(40);
    const gitHash = version === PD_BUILD.version ? PD_BUILD.gitHash : randomHash;
    this.members = [0, 1, 2].map((i) => ({
      name: `pd-${i}`,
      memberId: rng.uint64Above2Pow53(),
      peerUrls: [`http://pd-${i}.pd-peer.tidb.svc:2380`],
      clientUrls: [`http://pd-${i}.pd-peer.tidb.svc:2379`],
      gitHash,
    }));
  }

  get leader(): PdMember | undefined {
    return this.members.find((m) => m.name === this.leaderName);
  }

  advertise(url: string): void {
    const leader = this.leader;
    if (leader) leader.clientUrls = [url];
  }

  /** pdpb.Member JSON (protobuf omitempty drops leader_priority when 0). */
  memberJson(member: PdMember): GoJsonValue {
    return {
      name: member.name,
      member_id: member.memberId,
      peer_urls: member.peerUrls,
      client_urls: member.clientUrls,
      deploy_path: '/pd',
      binary_version: this.version,
      git_hash: member.gitHash,
    };
  }
}
