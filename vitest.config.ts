import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The bot's tests, then each workspace package with its own config (packages/pd-sim: the simulator).
    projects: [
      {
        extends: true,
        test: { name: 'bot', include: ['test/**/*.test.ts'] },
      },
      'packages/*',
    ],
    // End-to-end tests start real servers; on a loaded 2-core CI box give them room instead of flaking.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Vitest's default on a 2-core box is one worker, yet the e2e tests mostly wait on sockets and
    // timers: three forks take the suite from ~180 s to ~70 s there. Waits are event-driven, so the
    // extra contention slows tests down without making them flaky (checked with the CPUs pinned).
    maxWorkers: 3,
  },
});
