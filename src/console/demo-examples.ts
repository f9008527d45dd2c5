import { DEMO_REGIONS, DOWN_STORE_ID, OFFLINE_STORE_ID } from '@tikv-chatops/pd-sim';

export interface DemoExample {
  readonly command: string;
  readonly note: string;
}

/**
 * Commands worth trying against the simulator's default cluster, from the facts it guarantees for
 * every seed (see default-topology.ts), so the banner never suggests something that behaves otherwise.
 */
export function demoExamples(): DemoExample[] {
  const region = DEMO_REGIONS.transferLeaderTo4;
  return [
    { command: `transfer-leader ${region} 4`, note: 'PD creates the operator' },
    { command: `transfer-leader ${region}`, note: 'asks for the target store' },
    { command: `transfer-leader ${region} 1`, note: `PD refuses: region ${region} has no voter on store 1` },
    {
      command: `transfer-leader ${DEMO_REGIONS.voterOnOfflineStore} ${OFFLINE_STORE_ID}`,
      note: `PD refuses: store ${OFFLINE_STORE_ID} is Offline`,
    },
    {
      command: `transfer-peer ${DEMO_REGIONS.voterOnDownStore} ${DOWN_STORE_ID} 3`,
      note: `moves the replica off the Down store ${DOWN_STORE_ID}`,
    },
    { command: 'drain-store 4 --dry-run', note: 'shows the exact PD request, changes nothing' },
    { command: 'help', note: 'every action and its parameters' },
  ];
}
