import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import type { ActionDefinition, ActionParams } from '../../../src/core/actions/action-definition.js';
import {
  DEFAULT_FOLLOW_UP_SETTINGS,
  type FollowUpEvent,
  type FollowUpNotifier,
  type FollowUpSettings,
} from '../../../src/core/follow-ups/follow-up-ports.js';
import { FollowUpService } from '../../../src/core/follow-ups/follow-up-service.js';
import type { FollowUp, FollowUpStore } from '../../../src/core/follow-ups/follow-up-store.js';
import { InMemoryFollowUpStore } from '../../../src/follow-ups/in-memory-follow-up-store.js';
import { pdFollowUpReader } from '../../../src/follow-ups/pd-follow-up-reader.js';
import { createLogger } from '../../../src/logging/create-logger.js';
import { PdClient } from '../../../src/pd/pd-client.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';
import { LogCapture } from '../../support/log-capture.js';
import { ManualClock } from '../../support/manual-clock.js';

export interface Notice {
  readonly event: FollowUpEvent;
  readonly followUp: FollowUp;
}

/** The simulator, a FollowUpService over it on a hand-driven clock, and what it logged and said. */
export interface FollowUpRig {
  readonly sim: PdSim;
  readonly pd: PdClient;
  readonly clock: ManualClock;
  readonly store: FollowUpStore;
  readonly logs: LogCapture;
  readonly notices: Notice[];
  service: FollowUpService;
  /** Moves PD's time and the bot's together, then waits until every poll it started is judged. */
  step(ms: number): Promise<void>;
  /** Steps until `done()` or `maxMs` of simulated time passed; returns the time it took. */
  stepUntil(done: () => boolean, maxMs: number, stepMs?: number): Promise<number>;
  /** A fresh service (another bot instance) on the same store, simulator and clock. */
  newService(owner: string): FollowUpService;
  start(actionName: string, params: ActionParams): Promise<FollowUp>;
  /** GET requests PD received on this path. */
  reads(path: string): number;
  close(): Promise<void>;
}

export function action(name: string): ActionDefinition {
  const found = TIKV_ACTIONS.find((a) => a.name === name);
  if (found === undefined) throw new Error(`no action ${name}`);
  return found;
}

export interface FollowUpRigOptions {
  /** A shared store on the rig's clock (e.g. Redis) instead of the in-memory one. */
  readonly store?: (clock: ManualClock) => FollowUpStore;
  /** FollowUpServiceDeps.leaseMs for every service the rig makes. */
  readonly leaseMs?: number;
}

export async function startFollowUpRig(
  settings: Partial<FollowUpSettings> = {},
  options: FollowUpRigOptions = {},
): Promise<FollowUpRig> {
  const sim = await startPdSim({ timing: 'manual' });
  const pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
  const clock = new ManualClock();
  const store = options.store?.(clock) ?? new InMemoryFollowUpStore({ clock });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs });
  const notices: Notice[] = [];
  const notifier: FollowUpNotifier = {
    notify: async (followUp, event) => {
      notices.push({ event, followUp });
      return undefined;
    },
  };
  const read = pdFollowUpReader(new Map([['default', pd]]));
  const services: FollowUpService[] = [];
  const newService = (owner: string) => {
    const made = new FollowUpService({
      store,
      clock,
      timers: clock,
      read,
      notifier,
      logger,
      actions: () => TIKV_ACTIONS,
      settings: { ...DEFAULT_FOLLOW_UP_SETTINGS, ...settings },
      owner,
      ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
    });
    services.push(made);
    return made;
  };
  const rig: FollowUpRig = {
    sim,
    pd,
    clock,
    store,
    logs,
    notices,
    service: newService('bot-1'),
    async step(ms) {
      sim.advance(ms);
      clock.advance(ms);
      await Promise.all(services.map((s) => s.idle()));
    },
    async stepUntil(done, maxMs, stepMs = 500) {
      let elapsed = 0;
      while (!done() && elapsed < maxMs) {
        await rig.step(stepMs);
        elapsed += stepMs;
      }
      return elapsed;
    },
    newService,
    async start(actionName, params) {
      const started = await rig.service.start({
        action: action(actionName),
        params,
        cluster: 'default',
        requesterId: 'U0ONCALL',
        correlationId: `corr-${actionName}-${JSON.stringify(params)}`,
      });
      if (started === undefined) throw new Error(`${actionName} declares no follow-up`);
      return started;
    },
    reads: (path) => sim.requests.filter((r) => r.method === 'GET' && r.path === path).length,
    async close() {
      await Promise.all(services.map((s) => s.shutdown('test over')));
      await pd.close();
      await sim.close();
    },
  };
  return rig;
}

/** POSTs what the action would send (the operator or the drain), as the engine does after approval. */
export async function pdWrite(
  rig: FollowUpRig,
  path: string,
  body: Record<string, unknown>,
): Promise<number> {
  const response = await rig.pd.send({ method: 'POST', path, body });
  return response.status;
}
