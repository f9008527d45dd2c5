import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'pd-sim',
    include: ['test/**/*.test.ts'],
    // The CLI tests start node processes; on a loaded 2-core CI box give them room instead of flaking.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
