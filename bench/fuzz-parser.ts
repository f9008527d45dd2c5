/**
 * `npm run fuzz`: the parser properties of test/core/commands/interpret-command.property.test.ts at bench
 * scale. Runs FUZZ_CASES (default 100,000) cases per property and prints how the interpretations
 * split and how long it took; exits 1 with the counterexample on the first disagreement.
 */
import fc from 'fast-check';
import { ActionRegistry } from '../src/core/actions/action-registry.js';
import { interpretCommand } from '../src/core/commands/interpret-command.js';
import { TIKV_ACTIONS } from '../src/subjects/tikv/tikv-actions.js';
import {
  arbitraryText,
  commandWithInvisible,
  fragmentText,
  mutatedCommand,
  oracle,
  pdCtlBody,
  validCommand,
  writeBodies,
} from '../test/core/commands/command-fuzz.js';

const registry = new ActionRegistry(TIKV_ACTIONS);
const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

interface Tally {
  [kind: string]: number;
}

async function run(name: string, property: fc.IRawProperty<unknown>): Promise<void> {
  const started = performance.now();
  const result = await fc.check(property, { numRuns: CASES, seed });
  const ms = performance.now() - started;
  if (result.failed) {
    console.error(`${name}: FAILED after ${result.numRuns} cases (seed ${seed})`);
    console.error(fc.defaultReportMessage(result));
    process.exit(1);
  }
  console.log(`${name}: ${result.numRuns} cases in ${(ms / 1000).toFixed(2)} s`);
}

function agreement(tally: Tally) {
  return (text: string): boolean => {
    const got = interpretCommand(text, registry);
    tally[got.kind] = (tally[got.kind] ?? 0) + 1;
    const expected = oracle(text);
    if (expected === undefined) return got.kind !== 'ready';
    return (
      got.kind === 'ready' &&
      got.action.name === expected.action.name &&
      same(got.params, expected.params) &&
      got.flags.dryRun === expected.dryRun
    );
  };
}

const arbitraryTally: Tally = {};
const fragmentTally: Tally = {};
const mutatedTally: Tally = {};
const started = performance.now();
console.log(`fuzzing the command parser: ${CASES} cases per property, seed ${seed}`);
await run('arbitrary text agrees with the oracle', fc.property(arbitraryText, agreement(arbitraryTally)));
console.log('  interpretations:', arbitraryTally);
await run('command fragments agree with the oracle', fc.property(fragmentText, agreement(fragmentTally)));
console.log('  interpretations:', fragmentTally);
await run(
  'edited valid commands agree with the oracle',
  fc.property(mutatedCommand, agreement(mutatedTally)),
);
console.log('  interpretations:', mutatedTally);
await run(
  "valid commands send pd-ctl's body",
  fc.asyncProperty(validCommand, async (command) => {
    const got = interpretCommand(command.text, registry);
    if (got.kind !== 'ready' || !same(got.params, command.params)) return false;
    return same(await writeBodies(got.action, got.params), [pdCtlBody(command)]);
  }),
);
await run(
  'an invisible character inside a word is refused',
  fc.property(commandWithInvisible, ({ text }) => {
    const got = interpretCommand(text, registry);
    return got.kind === 'invalid' && got.issues[0]?.code === 'INVISIBLE_CHARACTER';
  }),
);
console.log(
  `total ${(5 * CASES).toLocaleString('en')} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
