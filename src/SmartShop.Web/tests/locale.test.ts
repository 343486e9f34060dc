import { test } from "node:test";
import assert from "node:assert/strict";
import { pickLocale } from "../src/logic/locale.ts";

test("pickLocale_StoredChoice_WinsOverBrowser", () => {
  assert.equal(pickLocale("en", ["zh-CN"]), "en");
});

test("pickLocale_AnyChineseBrowserLanguage_ReturnsZhCN", () => {
  assert.equal(pickLocale(null, ["zh-TW", "en"]), "zh-CN");
  assert.equal(pickLocale(null, ["zh"]), "zh-CN");
});

test("pickLocale_FirstSupportedLanguageWins", () => {
  assert.equal(pickLocale(null, ["de-DE", "en-GB", "zh-CN"]), "en");
});

test("pickLocale_UnsupportedStoredValueAndLanguages_ReturnsEnglish", () => {
  assert.equal(pickLocale("fr", ["fr-FR"]), "en");
});
