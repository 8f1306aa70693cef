// The batch commands' input lines: cut from the byte stream, so an over-long line gets an error line of its own
// (with its id when the line starts with it) and every line after it still gets its answer.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type InputLine, inputLines, maxLineBytes } from "../cli/batch.ts";
import { repoRoot } from "./support/harness.ts";

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, "utf8");
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect(lines: AsyncIterable<InputLine>): Promise<InputLine[]> {
  const all: InputLine[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

describe("batch input lines", () => {
  it("splits any chunking into the same lines: CRLF, blank lines, characters cut between chunks, no final newline", async () => {
    const text = '{"id":1,"t":"Bakı"}\r\n\n   \n{"id":2,"t":"北京"}\n{"id":3}';
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(await collect(inputLines(chunked(text, size), 100))).toEqual([
        { text: '{"id":1,"t":"Bakı"}' },
        { text: '{"id":2,"t":"北京"}' },
        { text: '{"id":3}' },
      ]);
    }
  });

  it("reports a line over the cap by its size and leading id, and goes on with the next lines", async () => {
    const long = `{"id":"big \\"one\\"","html":"${"x".repeat(500)}"}`;
    const nameless = `{"html":"${"y".repeat(300)}","id":7}`;
    const text = `{"id":1}\n${long}\n{"id":2}\n${nameless}\n{"id":3}\n${"z".repeat(250)}`;
    for (const size of [5, 64, 4096]) {
      expect(await collect(inputLines(chunked(text, size), 200))).toEqual([
        { text: '{"id":1}' },
        { tooLongBytes: Buffer.byteLength(long), id: 'big "one"' },
        { text: '{"id":2}' },
        { tooLongBytes: Buffer.byteLength(nameless), id: null },
        { text: '{"id":3}' },
        { tooLongBytes: 250, id: null },
      ]);
    }
  });

  it("answers the lines after one over the 64 MiB cap (newsmon parse-feed --jsonl)", () => {
    const rss = Buffer.from(
      '<rss version="2.0"><channel><title>T</title><item><title>One</title><link>https://example.org/1</link></item></channel></rss>',
    ).toString("base64");
    const huge = `{"id":"huge","b64":"${"A".repeat(maxLineBytes)}"}`;
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, "cli", "newsmon.js"), "parse-feed", "--jsonl"],
      {
        input: `${JSON.stringify({ id: 1, b64: rss })}\n${huge}\n${JSON.stringify({ id: 2, b64: rss })}\n`,
        encoding: "utf8",
        maxBuffer: 1024 * 1024,
        env: { ...process.env, LOG_LEVEL: "warn" },
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const out = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(out).toEqual([
      expect.objectContaining({ id: 1, ok: true }),
      {
        id: "huge",
        ok: false,
        error: `line of ${Buffer.byteLength(huge)} bytes is over the ${maxLineBytes}-byte cap; skipped`,
      },
      expect.objectContaining({ id: 2, ok: true }),
    ]);
  });
});
