import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "workers/**/*.test.ts", "config/**/*.test.ts", "lib/**/*.test.ts"],
    // Integration tests share one Redis and one Elasticsearch; files run one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
