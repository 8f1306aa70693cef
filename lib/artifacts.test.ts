// Artifacts on the real Redis: small ones stored as plain JSON, large ones compressed, both read back the same;
// taken ones are gone after the read.
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { connections, testLog } from "../test/support/harness.ts";
import { ArtifactStore } from "./artifacts.ts";
import { createRedis } from "./redis.ts";

const prefix = `t${Date.now().toString(36)}artifacts`;
const hash = "a".repeat(64);
const Text = z.object({ text: z.string() });

describe("ArtifactStore", () => {
  const redis = createRedis(connections.redisUrl, testLog);
  const store = new ArtifactStore(redis, prefix, 60_000);

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("keeps a small artifact as JSON and a large one compressed, and reads both back", async () => {
    const small = { text: "Azerbaijan and China signed a memorandum." };
    const large = { text: "Baku and Beijing discussed trade along the Middle Corridor. ".repeat(1_000) };
    await store.put("cleaned", "small", hash, small);
    await store.put("cleaned", "large", hash, large);
    const stored = async (id: string) =>
      (await redis.getBuffer(`${prefix}:artifact:cleaned:${id}:${hash}`)) ?? Buffer.alloc(0);
    expect((await stored("small")).toString("utf8")).toBe(JSON.stringify(small));
    expect((await stored("large")).length).toBeLessThan(JSON.stringify(large).length / 10);
    expect(await store.find("cleaned", "small", hash, Text)).toEqual(small);
    expect(await store.find("cleaned", "large", hash, Text)).toEqual(large);
  });

  it("takes an artifact: read once, then gone", async () => {
    await store.put("document", "once", hash, { text: "once" });
    expect(await store.find("document", "once", hash, Text, { take: true })).toEqual({ text: "once" });
    expect(await store.find("document", "once", hash, Text, { take: true })).toBeNull();
  });
});
