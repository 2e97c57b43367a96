import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Native addons (hnswlib-node, onnxruntime-node) are happiest in child processes.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
