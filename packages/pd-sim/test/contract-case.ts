import { afterEach, beforeEach, expect, it } from 'vitest';
import { type PdSim, startPdSim } from '../src/start-pd-sim.js';
import { callPd } from './call-pd.js';

/** One row of a wire-contract table: a request and PD's exact answer (pd-api.md). */
export interface ContractCase {
  readonly name: string;
  readonly setup?: (sim: PdSim) => unknown;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly status: number;
  readonly contentType: string | null;
  /** Exact body text, or a check for bodies with run-dependent parts (timestamps). */
  readonly expected: string | ((body: string, sim: PdSim) => void);
  readonly headers?: Readonly<Record<string, string>>;
}

/** Registers one test per row, each against its own fresh simulator on manual time. */
export function contractTable(cases: readonly ContractCase[]): void {
  let sim: PdSim;
  beforeEach(async () => {
    sim = await startPdSim({ timing: 'manual' });
  });
  afterEach(async () => {
    await sim.close();
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await c.setup?.(sim);
    const answer = await callPd(sim, c.method, c.path, c.body);
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({
      status: c.status,
      contentType: c.contentType,
    });
    if (typeof c.expected === 'string') expect(answer.body).toBe(c.expected);
    else c.expected(answer.body, sim);
    for (const [name, value] of Object.entries(c.headers ?? {})) expect(answer.headers.get(name)).toBe(value);
  });
}

/** Runs a setup request and insists it succeeded, so a broken setup cannot pass as the case's answer. */
export async function setupCall(sim: PdSim, method: string, path: string, body?: unknown): Promise<void> {
  const answer = await callPd(sim, method, path, body);
  expect(answer.status, `setup ${method} ${path}: ${answer.body}`).toBe(200);
}
