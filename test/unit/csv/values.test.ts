import { describe, expect, it } from "vitest";
import {
  AFFILIATE_TYPES,
  DATE_FORMAT_MESSAGE,
  ISO_3166_ALPHA2,
  Invalid,
  addDays,
  civilFromDays,
  dateToDays,
  daysFromCivil,
  isMonday,
  parseAffiliateType,
  parseBoolean,
  parseBooleanAt,
  parseCommissionType,
  parseCountry,
  parseCountryAt,
  parseDate,
  parseDateAt,
  parseEmail,
  parseLanguage,
  parseMoneyCents,
  parseMoneyCentsAt,
  parseRate,
  parseRateAt,
  parseText,
  parseUid,
  parseUidAt,
  parseVipLevel,
  trimmedText,
  utf8,
} from "~/domain/csv";

/** The message of an Invalid, or a marker that fails any message assertion. */
function message(v: unknown): string {
  return v instanceof Invalid ? v.message : `<not invalid: ${JSON.stringify(v)}>`;
}

describe("uid", () => {
  it("keeps digits as text, leading zeros included", () => {
    expect(parseUid("123456789")).toBe("123456789");
    expect(parseUid("0012345")).toBe("0012345");
    expect(parseUid("0")).toBe("0");
    expect(parseUid("12345678901234567890")).toBe("12345678901234567890");
  });
  it("trims, and reads empty as null", () => {
    expect(parseUid("  42\t")).toBe("42");
    expect(parseUid("")).toBeNull();
    expect(parseUid("   ")).toBeNull();
  });
  it("refuses anything but 1–20 digits", () => {
    for (const bad of ["123456789012345678901", "12a", "-5", "1.0", "1 2", "１２"]) {
      expect(message(parseUid(bad)), bad).toMatch(/1 to 20 digits/);
    }
  });
});

describe("date", () => {
  it("reads YYYY-MM-DD, leap years included", () => {
    expect(parseDate("2026-03-02")).toBe("2026-03-02");
    expect(parseDate("2024-02-29")).toBe("2024-02-29");
    expect(parseDate("2000-02-29")).toBe("2000-02-29");
    expect(parseDate("2026-12-31")).toBe("2026-12-31");
  });
  it("refuses dates that are not real", () => {
    for (const bad of ["2026-02-30", "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "2026-01-32"]) {
      expect(message(parseDate(bad)), bad).toBe("not a real calendar date");
    }
  });
  it("gives the expected format for anything else, never guessing", () => {
    for (const bad of ["03/04/2026", "2026/03/04", "2026-3-4", "20260304", "2026-03-4", "March 4 2026", "2026-03-04x", "2026-03-02T", "2026-03-02 23"]) {
      expect(message(parseDate(bad)), bad).toBe(DATE_FORMAT_MESSAGE);
    }
    expect(DATE_FORMAT_MESSAGE).toContain("YYYY-MM-DD");
  });
  it("refuses implausible years", () => {
    expect(message(parseDate("0226-03-02"))).toMatch(/year/);
    expect(message(parseDate("1899-12-31"))).toMatch(/year/);
    expect(parseDate("1900-01-01")).toBe("1900-01-01");
  });
  it("reads a date and time as UTC", () => {
    expect(parseDate("2026-03-02 23:30")).toBe("2026-03-02");
    expect(parseDate("2026-03-02 23:30:59")).toBe("2026-03-02");
    expect(parseDate("2026-03-02T00:00:00")).toBe("2026-03-02");
    expect(parseDate("2026-03-02 23:30:59.123")).toBe("2026-03-02");
  });
  it("reads ISO 8601 with Z or an offset as the UTC date of that instant", () => {
    expect(parseDate("2026-03-02T23:30:00Z")).toBe("2026-03-02");
    expect(parseDate("2026-03-02T23:30:00z")).toBe("2026-03-02");
    // 23:30 at UTC−2 is 01:30 UTC the next day
    expect(parseDate("2026-03-02T23:30:00-02:00")).toBe("2026-03-03");
    expect(parseDate("2026-03-02T23:30:00.250-02:00")).toBe("2026-03-03");
    expect(parseDate("2026-03-02T23:30-0200")).toBe("2026-03-03");
    expect(parseDate("2026-03-02T23:30:00-02")).toBe("2026-03-03");
    // 01:30 at UTC+05:30 is 20:00 UTC the day before
    expect(parseDate("2026-03-03T01:30:00+05:30")).toBe("2026-03-02");
    // across a month, a year, and February 29
    expect(parseDate("2026-03-01T01:00:00+03:00")).toBe("2026-02-28");
    expect(parseDate("2024-03-01T01:00:00+03:00")).toBe("2024-02-29");
    expect(parseDate("2026-12-31T23:00:00-05:00")).toBe("2027-01-01");
    expect(parseDate("2027-01-01T00:30:00+01:00")).toBe("2026-12-31");
    // not crossing
    expect(parseDate("2026-03-02T21:59:59-02:00")).toBe("2026-03-02");
    expect(parseDate("2026-03-02T22:00:00-02:00")).toBe("2026-03-03");
    // U+2212 MINUS SIGN, as some tools write it
    expect(parseDate("2026-03-02T23:30:00\u221202:00")).toBe("2026-03-03");
  });
  it("refuses bad times and offsets", () => {
    expect(message(parseDate("2026-03-02T24:00:00Z"))).toMatch(/time of day/);
    expect(message(parseDate("2026-03-02T12:60:00Z"))).toMatch(/time of day/);
    expect(message(parseDate("2026-03-02T12:00:61Z"))).toMatch(/time of day/);
    expect(message(parseDate("2026-03-02T12:00:00+2"))).toMatch(/offset/);
    expect(message(parseDate("2026-03-02T12:00:00+02:0"))).toMatch(/offset/);
    expect(message(parseDate("2026-03-02T12:00:00+24:00"))).toMatch(/offset/);
    expect(message(parseDate("2026-03-02T12:00:00Zx"))).toBe(DATE_FORMAT_MESSAGE);
    expect(message(parseDate("2026-03-02T12:00:00."))).toBe(DATE_FORMAT_MESSAGE);
  });
  it("trims (including non-breaking spaces) and reads empty as null", () => {
    expect(parseDate(" 2026-03-02\t")).toBe("2026-03-02");
    expect(parseDate("\u00a02026-03-02\u00a0")).toBe("2026-03-02");
    expect(parseDate("\u20032026-03-02\ufeff")).toBe("2026-03-02");
    expect(parseDate("")).toBeNull();
    expect(parseDate("  ")).toBeNull();
  });
  it("returns one interned string per date", () => {
    const a = parseDate("2026-03-02");
    const b = parseDateAt(utf8("x,2026-03-02,y"), 2, 12);
    expect(b).toBe(a);
  });
  it("has exact day arithmetic", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    for (const d of ["1900-01-01", "1999-12-31", "2000-02-29", "2026-03-02", "2100-02-28", "2100-03-01"]) {
      expect(civilFromDays(dateToDays(d))).toBe(d);
      expect(dateToDays(d)).toBe(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000);
    }
    expect(isMonday("2026-03-02")).toBe(true);
    expect(isMonday("2026-03-03")).toBe(false);
    expect(isMonday("2024-01-01")).toBe(true);
    expect(isMonday("1900-01-01")).toBe(true);
    expect(addDays("2026-02-23", 6)).toBe("2026-03-01");
    expect(addDays("2024-02-26", 6)).toBe("2024-03-03");
  });
});

describe("money", () => {
  it("converts to integer cents exactly", () => {
    expect(parseMoneyCents("0.29")).toBe(29);
    expect(parseMoneyCents("0.57")).toBe(57);
    expect(parseMoneyCents("1.1")).toBe(110);
    expect(parseMoneyCents("1234.56")).toBe(123456);
    expect(parseMoneyCents("19.99")).toBe(1999);
    expect(parseMoneyCents("7")).toBe(700);
    expect(parseMoneyCents(".5")).toBe(50);
    expect(parseMoneyCents("007.10")).toBe(710);
  });
  it("reads empty as 0", () => {
    expect(parseMoneyCents("")).toBe(0);
    expect(parseMoneyCents("  ")).toBe(0);
    expect(parseMoneyCents("0")).toBe(0);
    expect(parseMoneyCents("-0")).toBe(0);
    expect(parseMoneyCents("-0.00")).toBe(0);
  });
  it("accepts a leading $ and valid thousands separators", () => {
    expect(parseMoneyCents("$12")).toBe(1200);
    expect(parseMoneyCents("1,234.50")).toBe(123450);
    expect(parseMoneyCents("$1,234,567.89")).toBe(123456789);
    expect(parseMoneyCents(" $ 5")).toBeInstanceOf(Invalid);
    expect(parseMoneyCents("999,999")).toBe(99999900);
  });
  it("refuses separators that do not form groups of three", () => {
    for (const bad of ["1,23", "1234,567", "1,2345", "12,34.5", ",123", "1,,234", "1,234,56"]) {
      expect(message(parseMoneyCents(bad)), bad).toMatch(/groups of 3/);
    }
  });
  it("refuses negative amounts with their own message", () => {
    for (const bad of ["-5", "-$5", "$-5", "-1,234.50", "\u221212"]) {
      expect(message(parseMoneyCents(bad)), bad).toBe("must not be negative");
    }
  });
  it("refuses what is not an amount", () => {
    for (const bad of ["abc", "12.", "1.2.3", "1e5", "12 USD", "$", "-", "12,5", "1 000", "(12.00)", "12.5%"]) {
      expect(parseMoneyCents(bad), bad).toBeInstanceOf(Invalid);
    }
  });
  it("rounds more than two decimals half up", () => {
    expect(parseMoneyCents("0.125")).toBe(13);
    expect(parseMoneyCents("0.1249")).toBe(12);
    expect(parseMoneyCents("0.005")).toBe(1);
    expect(parseMoneyCents("0.004999")).toBe(0);
    expect(parseMoneyCents("1.995")).toBe(200);
    expect(parseMoneyCents("2.675")).toBe(268); // 2.675 * 100 in floating point is 267.49…
  });
  it("refuses amounts beyond $10 trillion", () => {
    expect(parseMoneyCents("10000000000000")).toBe(1e15);
    expect(message(parseMoneyCents("10000000000000.01"))).toMatch(/too large/);
    expect(message(parseMoneyCents("99999999999999999999"))).toMatch(/too large/);
  });
  it("trims", () => {
    expect(parseMoneyCents("  7.5\t")).toBe(750);
    expect(parseMoneyCents("\u00a01,234.50\u00a0")).toBe(123450);
  });
  it("reads a range of bytes the same as a string", () => {
    const b = utf8("x;1,234.50;y");
    expect(parseMoneyCentsAt(b, 2, 10)).toBe(123450);
  });
});

describe("rate", () => {
  it("reads a decimal in [0, 1] or a percentage", () => {
    expect(parseRate("0.125")).toBe(0.125);
    expect(parseRate("12.5%")).toBe(0.125);
    expect(parseRate("7%")).toBe(0.07);
    expect(parseRate("0.07")).toBe(0.07);
    expect(parseRate("0.1%")).toBe(0.001);
    expect(parseRate("12.5 %")).toBe(0.125);
    expect(parseRate("0")).toBe(0);
    expect(parseRate("1")).toBe(1);
    expect(parseRate("100%")).toBe(1);
    expect(parseRate(".5")).toBe(0.5);
    expect(parseRate("")).toBeNull();
  });
  it("refuses rates out of range", () => {
    for (const bad of ["1.5", "150%", "-0.1", "-5%", "2", "100.01%"]) {
      expect(message(parseRate(bad)), bad).toMatch(/between 0 and 1/);
    }
  });
  it("refuses what is not a rate", () => {
    for (const bad of ["abc", "%", "0.", "1/8", "12,5%", "0.1.2", "-x"]) {
      expect(message(parseRate(bad)), bad).toMatch(/expected a rate/);
    }
  });
  it("reads a range of bytes", () => {
    expect(parseRateAt(utf8(",12.5%,"), 1, 6)).toBe(0.125);
  });
});

describe("boolean", () => {
  it("reads 1/0, true/false, yes/no, y/n in any case; empty is false", () => {
    for (const yes of ["1", "true", "TRUE", "True", "yes", "YES", "Yes", "y", "Y", " yes "]) expect(parseBoolean(yes), yes).toBe(1);
    for (const no of ["0", "false", "FALSE", "no", "No", "n", "N", "", "  "]) expect(parseBoolean(no), no).toBe(0);
  });
  it("refuses anything else", () => {
    for (const bad of ["2", "maybe", "yep", "t", "f", "on", "off", "-1", "truee"]) {
      expect(message(parseBoolean(bad)), bad).toMatch(/yes\/no/);
    }
    expect(parseBooleanAt(utf8("a,YES,b"), 2, 5)).toBe(1);
  });
});

describe("vip level, commission type, affiliate type", () => {
  it("vip_level is an integer 0–9", () => {
    expect(parseVipLevel("0")).toBe(0);
    expect(parseVipLevel("9")).toBe(9);
    expect(parseVipLevel("03")).toBe(3);
    expect(parseVipLevel(" 5 ")).toBe(5);
    expect(parseVipLevel("")).toBeNull();
    for (const bad of ["10", "-1", "1.5", "x", "99"]) expect(message(parseVipLevel(bad)), bad).toMatch(/0 to 9/);
  });
  it("commission_type is spot or futures, any case, lower-cased", () => {
    expect(parseCommissionType("spot")).toBe("spot");
    expect(parseCommissionType("SPOT")).toBe("spot");
    expect(parseCommissionType(" Futures ")).toBe("futures");
    expect(parseCommissionType("")).toBeNull();
    for (const bad of ["margin", "spots", "future", "options"]) expect(message(parseCommissionType(bad)), bad).toMatch(/"spot" or "futures"/);
  });
  it("affiliate type: case-insensitive, spaces and hyphens read as _, default affiliate", () => {
    expect(parseAffiliateType("KOL")).toBe("kol");
    expect(parseAffiliateType("Content Creator")).toBe("content_creator");
    expect(parseAffiliateType("content-creator")).toBe("content_creator");
    expect(parseAffiliateType("content_creator")).toBe("content_creator");
    expect(parseAffiliateType("Network")).toBe("network");
    expect(parseAffiliateType("community")).toBe("community");
    expect(parseAffiliateType("")).toBe("affiliate");
    expect(parseAffiliateType(" ")).toBe("affiliate");
    for (const t of AFFILIATE_TYPES) expect(parseAffiliateType(t.toUpperCase())).toBe(t);
    expect(message(parseAffiliateType("influencer"))).toMatch(/affiliate, kol, network, content_creator, community/);
  });
});

describe("country", () => {
  it("is an assigned ISO 3166-1 alpha-2 code, upper-cased", () => {
    expect(parseCountry("BR")).toBe("BR");
    expect(parseCountry("br")).toBe("BR");
    expect(parseCountry(" vN ")).toBe("VN");
    expect(parseCountry("GB")).toBe("GB");
    expect(parseCountry("xk")).toBe("XK"); // Kosovo: user-assigned, used by KYC data
    expect(parseCountry("")).toBeNull();
    expect(parseCountryAt(utf8("x,us,y"), 2, 4)).toBe("US");
  });
  it("refuses unassigned codes, with a hint for UK", () => {
    expect(message(parseCountry("UK"))).toMatch(/"GB"/);
    expect(message(parseCountry("XX"))).toMatch(/not an assigned/);
    expect(message(parseCountry("EU"))).toMatch(/not an assigned/);
    for (const bad of ["USA", "U", "1A", "Brazil", "U.S."]) expect(message(parseCountry(bad)), bad).toMatch(/two letters/);
  });
  it("holds the 249 assigned codes and XK, each a real region", () => {
    expect(ISO_3166_ALPHA2).toHaveLength(250);
    expect(new Set(ISO_3166_ALPHA2).size).toBe(250);
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (const code of ISO_3166_ALPHA2) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(names.of(code), code).not.toBe(code); // ICU knows it by name
      expect(parseCountry(code.toLowerCase())).toBe(code);
    }
    for (const code of ["AQ", "AX", "BQ", "CW", "SS", "SX", "PS", "TW", "HK", "MO"]) expect(ISO_3166_ALPHA2).toContain(code);
  });
});

describe("language", () => {
  it("validates the shape of a BCP 47 tag and normalises its case", () => {
    expect(parseLanguage("en")).toBe("en");
    expect(parseLanguage("EN")).toBe("en");
    expect(parseLanguage("pt-BR")).toBe("pt-BR");
    expect(parseLanguage("PT-br")).toBe("pt-BR");
    expect(parseLanguage("pt_BR")).toBe("pt-BR");
    expect(parseLanguage("zh-hant-tw")).toBe("zh-Hant-TW");
    expect(parseLanguage("zh-Hans")).toBe("zh-Hans");
    expect(parseLanguage("es-419")).toBe("es-419");
    expect(parseLanguage("fil")).toBe("fil");
    expect(parseLanguage("sl-rozaj")).toBe("sl-rozaj");
    expect(parseLanguage("en-US-x-Twain")).toBe("en-US-x-twain");
    expect(parseLanguage("de-DE-u-co-phonebk")).toBe("de-DE-u-co-phonebk");
    expect(parseLanguage("")).toBeNull();
  });
  it("refuses what is not a language tag", () => {
    for (const bad of ["english", "e", "en-", "-en", "en--US", "12", "en-US-", "en US", "pt-BRA1", "en-x"]) {
      expect(message(parseLanguage(bad)), bad).toMatch(/BCP 47/);
    }
  });
});

describe("email and text", () => {
  it("lower-cases a sane email address", () => {
    expect(parseEmail("Ana.Silva@Example.COM")).toBe("ana.silva@example.com");
    expect(parseEmail("a+tag@mail.example.co")).toBe("a+tag@mail.example.co");
    expect(parseEmail("")).toBeNull();
    for (const bad of ["ana", "a b@c.com", "a@b", "a@b..com", "@b.com", "a@.com", "a@b.com.", "a@@b.com", "a@-b.com", ".a@b.com", "a.@b.com"]) {
      expect(message(parseEmail(bad)), bad).toMatch(/email address/);
    }
  });
  it("trims text, empty is null", () => {
    expect(parseText("  Crypto Club ")).toBe("Crypto Club");
    expect(parseText("")).toBeNull();
    expect(parseText(" \t")).toBeNull();
  });
  it("trims byte ranges like String.prototype.trim", () => {
    for (const s of [" a ", "\u00a0b\u00a0", "\u3000c\u2009", "\ufeffd", "\u2028e\u2029", "é ", " ü", "  ", "x y"]) {
      const b = utf8(s);
      expect(trimmedText(b, 0, b.length), JSON.stringify(s)).toBe(s.trim());
    }
    expect(parseUidAt(utf8("\u00a012\u00a0"), 0, 6)).toBe("12");
  });
});
