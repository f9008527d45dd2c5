import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/console/run-demo.js';
import { systemClock } from '../../src/core/engine.js';
import { LogCapture } from '../support/log-capture.js';
import { ConsoleOutput } from './console-output.js';

describe('runDemo', () => {
  it('starts the simulator, says so, runs commands and closes everything at the end of input', async () => {
    const input = new PassThrough();
    const output = new ConsoleOutput();
    const log = new LogCapture();
    input.end('transfer-leader 42 4\ntransfer-leader 42 1\n');
    const code = await runDemo(
      { log: true },
      {
        input,
        output,
        logOutput: log,
        user: 'bob',
        newCorrelationId: () => 'demo-1',
        clock: systemClock,
        color: false,
        terminal: false,
      },
    );
    expect(code).toBe(0);
    const text = output.text;
    const url = /PD is a simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(url).toBeDefined();
    expect(text).toContain('[PD simulator] PD is a simulator at');
    expect(text).toContain('transfer-leader 42 4');
    expect(text).toContain('Success! The operator is created.');
    expect(text).toContain('Failed! [500] "region has no voter in store 1"');
    expect(text).toMatch(/Requested by +bob · /);
    expect(log.find((l) => l.decision === 'executed')).toMatchObject([{ user: 'bob', pdStatus: 200 }]);
    expect(log.find((l) => l.decision === 'stopped')).toHaveLength(1);
    // Closed: nothing listens at the simulator's address any more.
    await expect(fetch(`${url}/pd/api/v1/stores`)).rejects.toThrow();
  });
});
