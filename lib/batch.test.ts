import { describe, expect, it } from "vitest";
import { MicroBatcher } from "./batch.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Submits `count` items `gapMs` apart; returns the sizes of the batches the handler saw. */
async function batchSizes(count: number, gapMs: number): Promise<number[]> {
  const sizes: number[] = [];
  const batcher = new MicroBatcher<number, number>(
    async (items) => {
      sizes.push(items.length);
      return items;
    },
    { lingerMs: (perSecond) => Math.min(100, perSecond / 2) },
  );
  const answers: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    answers.push(batcher.submit(i));
    await sleep(gapMs);
  }
  expect(await Promise.all(answers)).toEqual([...Array(count).keys()]);
  return sizes;
}

describe("MicroBatcher with a linger time that follows the arrival rate", () => {
  it("sends items that come slowly on their own", async () => {
    // About 4 a second: a linger of about 2 ms, far shorter than the gaps.
    expect(await batchSizes(4, 250)).toEqual([1, 1, 1, 1]);
  });

  it("groups items that come fast", async () => {
    // Hundreds a second: the linger grows towards 100 ms and batches fill.
    const sizes = await batchSizes(200, 1);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(200);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(10);
    expect(sizes.length).toBeLessThan(50);
  });
});
