// The clean stage's work on a worker thread gives what the functions give on the main thread, and the page's
// bytes move to the thread instead of being copied.
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool } from "../../lib/thread-pool.ts";
import type extractPage from "./clean-thread.ts";
import { decodeHtml } from "./decode.ts";
import { extractArticle } from "./extract.ts";

const cleanThread = new URL("./clean-thread.ts", import.meta.url);
const onThread = new ThreadPool(1);
const inline = new ThreadPool(0);
afterAll(() => onThread.close());

const paragraph = "Генеральный секретарь Шанхайской организации сотрудничества провёл встречу в Пекине. ";
const html = `<html lang="ru"><head><title>Встреча в Пекине</title>
<meta property="article:published_time" content="2024-05-20T10:00:00+03:00"></head>
<body><nav><a href="/">Главная</a></nav><article><h1>Встреча в Пекине</h1>
${Array.from({ length: 6 }, (_, i) => `<p>${paragraph.repeat(3)}${i}</p>`).join("\n")}
</article><footer>© Агентство</footer></body></html>`;
const contentType = "text/html; charset=windows-1251";
const url = "https://news.example/2024/05/20/meeting";

describe("clean-thread", () => {
  it("extracts a windows-1251 page on a thread exactly as on the main thread, the bytes moved", async () => {
    const expected = extractArticle(decodeHtml(iconv.encode(html, "windows-1251"), contentType).html, url);
    expect(expected.text).toContain("Шанхайской организации сотрудничества");

    const body = new Uint8Array(iconv.encode(html, "windows-1251"));
    const found = await onThread.run<typeof extractPage>(cleanThread, { body, contentType, url }, [
      body.buffer,
    ]);
    expect(found).toEqual(expected);
    // Moved, not copied: the buffer is no longer usable here.
    expect(body.byteLength).toBe(0);

    const again = iconv.encode(html, "windows-1251");
    expect(await inline.run<typeof extractPage>(cleanThread, { body: again, contentType, url })).toEqual(
      expected,
    );
  });
});
