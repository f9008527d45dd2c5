import { PassThrough } from 'node:stream';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANCELLED, PROMPT, runConsoleSession } from '../../src/console/console-session.js';
import { systemClock } from '../../src/core/engine/engine.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { buildTikvEngine } from '../../src/subjects/tikv/build-tikv-engine.js';
import { LogCapture } from '../support/log-capture.js';
import { testSafety } from '../support/test-safety.js';
import { ConsoleOutput } from './console-output.js';

let sim: PdSim;

// A fresh cluster per test: an operator created by one test would make the next one's PD say no.
beforeEach(async () => {
  sim = await startPdSim({ host: '127.0.0.1', port: 0, timing: 'manual' });
});

afterEach(async () => {
  await sim?.close();
});

/** A console on PassThrough streams against the simulator; ids are `<prefix>-1`, `<prefix>-2`, … */
function openSession(prefix: string, terminal = false) {
  const input = new PassThrough();
  const output = new ConsoleOutput();
  const log = new LogCapture();
  const logger = createLogger({ level: 'info', destination: log });
  const {
    close: closePd,
    registry,
    engine,
  } = buildTikvEngine({
    clusters: [
      {
        name: 'default',
        production: false,
        // As the demo describes its cluster: the marker comes from the descriptor, not from PD's answers.
        simulated: true,
        endpoints: [sim.url],
        connectTimeoutMs: 2_000,
        responseTimeoutMs: 5_000,
      },
    ],
    logger,
    clock: systemClock,
    safety: testSafety({ user: 'alice' }).safety,
  });
  let n = 0;
  const done = runConsoleSession({
    registry,
    engine,
    logger,
    input,
    output,
    user: 'alice',
    newCorrelationId: () => `${prefix}-${++n}`,
    color: false,
    terminal,
  }).finally(() => closePd());
  return {
    output,
    log,
    done,
    type: (...lines: string[]) => input.write(lines.map((l) => `${l}\n`).join('')),
    /** Keystrokes as a terminal sends them: Enter is \r, Ctrl-D is \u0004. */
    keys: (text: string) => input.write(text),
    end: () => input.end(),
    /** What the simulator received from this session. */
    pdRequests: () =>
      sim.requests.filter((r) => String(r.headers['x-request-id'] ?? '').startsWith(`${prefix}-`)),
  };
}

describe('console session against the PD simulator', () => {
  it('runs transfer-leader and shows PD answer, who asked, the correlation id and the simulator marker', async () => {
    const session = openSession('ok');
    session.type('transfer-leader 42 4', 'exit');
    await session.done;

    const [sent, ...more] = session.pdRequests();
    expect(more).toEqual([]);
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/pd/api/v1/operators');
    expect(sent?.body).toBe('{"name":"transfer-leader","region_id":42,"to_store_id":4}');

    const text = session.output.text;
    expect(text).toContain(`${PROMPT}transfer-leader 42 4\n`);
    expect(text).toContain('Success! The operator is created.');
    expect(text).toMatch(/PD +http:\/\/127\.0\.0\.1:\d+ \[PD simulator\]/);
    expect(text).toMatch(/Requested by +alice · .* UTC · \d+ ms · correlation id ok-1/);
    expect(text).toContain(
      'PD answered HTTP 200 to POST /pd/api/v1/operators:\n"The operator is created."\n',
    );
    const executed = session.log.find((l) => l.decision === 'executed');
    expect(executed).toMatchObject([
      { correlationId: 'ok-1', user: 'alice', source: 'console', pdStatus: 200 },
    ]);
  });

  it('accepts the Slack spelling, /tikv help included', async () => {
    const session = openSession('help');
    session.type('/tikv help', '/tikv help drain-store', '/tikv');
    await session.output.waitFor('drain-store <store_id>', 3);
    session.end();
    await session.done;
    expect(session.output.text).toContain('transfer-leader <region_id> <to_store_id>');
    expect(session.output.text).toContain(`through PD (cluster default, ${sim.url} [PD simulator])`);
    expect(session.pdRequests()).toEqual([]);
  });

  it('asks for a missing argument, asks again after a bad answer, then runs', async () => {
    const session = openSession('ask');
    session.type('transfer-leader 42');
    await session.output.waitFor('  to_store_id> ');
    expect(session.output.text).toContain(
      'Target store ID: Store that becomes the leader; it must hold a voter peer of the region (a store ID, e.g. 4)',
    );
    expect(session.pdRequests()).toEqual([]);

    session.type('x');
    await session.output.waitFor('to_store_id must be a positive integer, got "x"; try again');
    await session.output.waitFor('  to_store_id> ', 2);
    expect(session.pdRequests()).toEqual([]);

    session.type('4');
    await session.output.waitFor('Success! The operator is created.');
    session.type('quit');
    await session.done;
    expect(session.pdRequests().map((r) => r.body)).toEqual([
      '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
    ]);
  });

  it('cancels on an empty answer and at the end of input, sending nothing', async () => {
    const session = openSession('cancel');
    session.type('transfer-peer 50', '');
    await session.output.waitFor(CANCELLED);
    session.type('drain-store');
    await session.output.waitFor('  store_id> ');
    session.end();
    await session.done;
    expect(session.output.text.split(CANCELLED).length - 1).toBe(2);
    expect(session.pdRequests()).toEqual([]);
  });

  it('on a terminal, Ctrl-D at a question cancels only that command', async () => {
    const session = openSession('tty', true);
    session.keys('transfer-leader 42\r');
    await session.output.waitFor('to_store_id> ');
    session.keys('\u0004');
    await session.output.waitFor(CANCELLED);
    session.keys('transfer-leader 42 4\r');
    await session.output.waitFor('Success! The operator is created.');
    session.keys('\u0004');
    await session.done;
    expect(session.pdRequests()).toHaveLength(1);
  });

  it('rejects invalid input without calling PD', async () => {
    const before = sim.requests.length;
    const session = openSession('bad');
    session.type('transfer-leader 42 x', 'transfer-leaders 42 4', 'transfer-leader 42 4 5', 'exit');
    await session.done;
    expect(sim.requests.length).toBe(before);
    const text = session.output.text;
    expect(text).toContain(
      [
        'Nothing was sent to PD.',
        '  - to_store_id must be a positive integer, got "x"',
        'You typed: transfer-leader 42 x',
        'Usage: transfer-leader <region_id> <to_store_id>',
      ].join('\n'),
    );
    expect(text).toContain('unknown action "transfer-leaders"');
    expect(text).toContain('unexpected extra argument "5"');
    expect(session.log.find((l) => l.decision === 'invalid_input')).toHaveLength(3);
  });

  it('shows a PD error with the status and the raw body verbatim', async () => {
    const session = openSession('err');
    session.type('transfer-leader 999999999 4', 'exit');
    await session.done;
    const failed = session.log.find((l) => l.decision === 'failed');
    expect(failed).toHaveLength(1);
    const rawBody = String(failed[0]?.pdBody);
    const status = Number(failed[0]?.pdStatus);
    expect(rawBody).toContain('999999999');
    expect(status).toBeGreaterThanOrEqual(400);
    const text = session.output.text;
    expect(text).toContain(`Failed! [${status}] ${rawBody.trim()}`);
    expect(text).toContain(`PD answered HTTP ${status} to POST /pd/api/v1/operators:\n${rawBody}`);
    expect(text).toContain('correlation id err-1');
  });
});
