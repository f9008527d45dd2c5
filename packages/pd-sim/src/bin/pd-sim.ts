#!/usr/bin/env node
/**
 * Runs the PD simulator until SIGINT/SIGTERM, for demos and for pointing a real bot at it:
 *   npm run pd-sim -- --port 2379 --seed 7 --regions 100000 --fault 'POST /pd/api/v1/operators=delay:5000'
 */
import { parseArgs } from 'node:util';
import { parseFaultSpec } from '../faults.js';
import { DEFAULT_PD_VERSION, PD_BUILD, startPdSim } from '../start-pd-sim.js';

const COPIES = `PD master ${PD_BUILD.gitHash.slice(0, 10)} (${PD_BUILD.commitDate}, in no release)`;
const USAGE = `usage: pd-sim [--host 127.0.0.1] [--port 2379] [--seed N] [--stores N] [--regions N]
              [--timing realtime|manual] [--pd-version ${DEFAULT_PD_VERSION}] [--fault SPEC]...
Answers as ${COPIES} does;
/version reports it as \`git describe\` names such a build: ${DEFAULT_PD_VERSION}.
SPEC: '[METHOD ]PATH[#TIMES]=ACTION', ACTION one of delay:MS, hang, reset, status:CODE[:BODY], garbage, no-leader,
      huge:BYTES[:CODE] (a BYTES-long body), endless[:CODE] (a body that never ends)
      e.g. --fault 'POST /pd/api/v1/operators=delay:5000' --fault 'GET /pd/api/v1/store/*#1=status:503'`;

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '2379' },
      seed: { type: 'string' },
      stores: { type: 'string' },
      regions: { type: 'string' },
      timing: { type: 'string', default: 'realtime' },
      fault: { type: 'string', multiple: true, default: [] },
      'pd-version': { type: 'string', default: DEFAULT_PD_VERSION },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.timing !== 'realtime' && values.timing !== 'manual') {
    throw new Error(`--timing must be realtime or manual, got "${values.timing}"`);
  }
  const sim = await startPdSim({
    host: values.host,
    port: integer('port', values.port, 2379),
    seed: integer('seed', values.seed, 1),
    stores: integer('stores', values.stores, 6),
    regions: integer('regions', values.regions, 1_000),
    timing: values.timing,
    faults: values.fault.map(parseFaultSpec),
    version: values['pd-version'],
  });
  process.stdout.write(
    `pd-sim listening on ${sim.url}, answering as ${COPIES}, reporting version ${values['pd-version']}\n`,
  );
  const stop = (signal: string): void => {
    process.stdout.write(`pd-sim: ${signal}, shutting down\n`);
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // The realtime ticker is unref'd so library users can exit; the CLI must stay up until signalled.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  process.stderr.write(`pd-sim: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
});
