import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Records which statuses each control produced; the control status reporter checks them (issue #4).
    setupFiles: ['./test/setup/record-control-statuses.ts'],
    reporters: ['default', './test/summary-reporter.ts', './test/setup/control-status-reporter.ts'],
  },
});
