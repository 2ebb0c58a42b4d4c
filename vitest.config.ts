import { defineConfig } from 'vitest/config';

// Pin the zone so timestamps and quarter boundaries never depend on the machine.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
