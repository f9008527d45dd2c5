import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real servers; on a loaded 2-core CI box give them room instead of flaking.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
