import { describe, expect, it } from "vitest";
import { endsArticle, isFurnitureWording } from "./wording.ts";

describe("isFurnitureWording", () => {
  it.each([
    "There were 1,560 press releases posted in the last 24 hours and 433,484 in the last 365 days.",
    "We use cookies for analytics, personalized content and ads. By continuing to browse this site, you agree to this use.",
    "+ ↺ − 16 px",
    "Share on Facebook",
    "Mehr zum Thema",
    "Foto: dpa",
    "© 2024 Daily Example. All rights reserved.",
    "Follow us on Twitter and Instagram @example",
    "Subscribe to our newsletter",
  ])("flags %j", (text) => {
    expect(isFurnitureWording(text)).toBe(true);
  });

  it.each([
    "Zhang Ming appreciated the active participation of Azerbaijan in the events held within the framework of the organization.",
    "Share prices in Baku rose by 3 percent after the announcement.",
    "The photographer said the picture was taken in Samarkand.",
  ])("leaves prose alone: %j", (text) => {
    expect(isFurnitureWording(text)).toBe(false);
  });
});

describe("endsArticle", () => {
  it("knows the press-wire footer's first line", () => {
    expect(endsArticle("You just read:")).toBe(true);
    expect(endsArticle("You just read the minister's statement, he said.")).toBe(false);
  });
});
