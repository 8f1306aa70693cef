import { describe, expect, it } from "vitest";
import { articleLanguage } from "./language.ts";

describe("article language", () => {
  it("corrects a wrong declaration and fills a missing one", async () => {
    const russian =
      "Генеральный секретарь Шанхайской организации сотрудничества встретился с Ильхамом Алиевым.";
    expect(await articleLanguage(russian, "en")).toBe("ru");
    expect(await articleLanguage("习近平在北京会见阿塞拜疆总统。双方讨论了合作。", null)).toBe("zh");
    expect(
      await articleLanguage(
        "Heydər Əliyev Fondunun prezidenti Azərbaycanın Çinlə əlaqələrindən danışıb.",
        "en",
      ),
    ).toBe("az");
    expect(
      await articleLanguage(
        "President Ilham Aliyev received the Secretary-General in Baku on Thursday.",
        null,
      ),
    ).toBe("en");
  });

  it("keeps the declaration when the text does not tell", async () => {
    expect(await articleLanguage("12 345 — 2024", "de")).toBe("de");
    expect(await articleLanguage("", null)).toBe(null);
  });
});
