import type { FollowUpTimers } from '../core/follow-ups/follow-up-ports.js';

/** Node's timers, unref'd: a pending poll never keeps the process alive on its own. */
export const realTimers: FollowUpTimers = {
  set(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return timer;
  },
  clear(handle) {
    if (handle !== undefined) clearTimeout(handle as NodeJS.Timeout);
  },
};
