/** Register extract to households (frontend/src/pages/officials/registerExtract.ts): districts by postcode range, rejected rows by line. */
import { describe, expect, test } from "vitest";

import {
  ageOn,
  parseDate,
  parsePostcodeTable,
  problemsCsv,
  readExtract,
} from "../../frontend/src/pages/officials/registerExtract.js";

const TABLE = "van;tot;wijk;naam\n9401;9402;1;Centrum\n9403AA;9403MZ;2;Noord\n9403NA;9405ZZ;3;Zuid\n";

describe("postcode table", () => {
  test("four-digit areas and full postcodes, inclusive bounds", () => {
    const { ranges, problems } = parsePostcodeTable(TABLE);
    expect(problems).toEqual([]);
    expect(ranges.map((r) => [r.from, r.to, r.district, r.name])).toEqual([
      ["9401AA", "9402ZZ", 1, "Centrum"],
      ["9403AA", "9403MZ", 2, "Noord"],
      ["9403NA", "9405ZZ", 3, "Zuid"],
    ]);
  });

  test("overlaps, reversed ranges and bad districts are named by line", () => {
    const { ranges, problems } = parsePostcodeTable("9401;9402;1\n9402;9403;2\n9410;9409;3\n9420;9421;wijk\n9430\n");
    expect(ranges).toHaveLength(1);
    expect(problems).toEqual([
      { line: 2, field: "from", value: "9402", problem: "range_overlaps", limit: "1" },
      { line: 3, field: "to", value: "9409", problem: "range_reversed", limit: "9410" },
      { line: 4, field: "district", value: "wijk", problem: "not_a_district" },
      { line: 5, field: "row", value: "9430", problem: "column_count", limit: "3–4" },
    ]);
  });
});

describe("register extract", () => {
  const { ranges } = parsePostcodeTable(TABLE);

  test("one household per address, in its district; members share it; bad rows reported by line, field and value", () => {
    const extract = [
      "postcode;huisnummer;toevoeging;geboortedatum",
      "9401 ab;12;;1980-01-02",
      "9401AB;12;;2001-05-06", // same household
      "9401AB;12;a;1975-03-04", // another household: the addition differs
      "9403KB;7;;02-03-1990",
      "9404XY;1;;1990-12-31",
      "0401AB;3;;1990-01-01", // postcode starting with 0
      "9401SA;3;;1990-01-01", // SA is never used
      "9401AB;nul;;1990-01-01",
      "9401AB;4;;1990-02-30", // no such date
      "9999AA;5;;1990-01-01", // outside every district
      "9401AB;6;;2030-01-01",
      "9401AB",
      "",
    ].join("\n");
    const result = readExtract(extract, { ranges, ageLimit: null, referenceDate: "2027-03-01" });
    expect(result.rows).toBe(12);
    expect(result.households.map((h) => [h.key, h.district])).toEqual([
      ["9401AB 12", 1],
      ["9401AB 12 A", 1],
      ["9403KB 7", 2],
      ["9404XY 1", 3],
    ]);
    expect(result.problems).toEqual([
      { line: 7, field: "postcode", value: "0401AB", problem: "not_a_postcode" },
      { line: 8, field: "postcode", value: "9401SA", problem: "not_a_postcode" },
      { line: 9, field: "houseNumber", value: "nul", problem: "not_a_house_number" },
      { line: 10, field: "dateOfBirth", value: "1990-02-30", problem: "not_a_date" },
      { line: 11, field: "postcode", value: "9999AA", problem: "outside_districts" },
      { line: 12, field: "dateOfBirth", value: "2030-01-01", problem: "date_in_future", limit: "2027-03-01" },
      { line: 13, field: "row", value: "9401AB", problem: "column_count", limit: "2–4" },
    ]);
    const csv = problemsCsv(result.problems, (p) => p.problem);
    expect(csv.split("\n")[1]).toBe("7;postcode;0401AB;not_a_postcode");
  });

  test("an age limit: a household gets a letter when one member is old enough; dates of birth are then required", () => {
    const extract =
      "9401AB;1;;2012-06-01\n9401AB;1;;1980-01-01\n9401AB;2;;2012-06-01\n9401AB;3;;\n9401AB;4;;2011-03-01\n";
    const result = readExtract(extract, { ranges, ageLimit: 16, referenceDate: "2027-03-01" });
    expect(result.households.map((h) => h.key)).toEqual(["9401AB 1", "9401AB 4"]);
    expect(result.underAge).toBe(2);
    expect(result.problems).toEqual([
      { line: 4, field: "dateOfBirth", value: "", problem: "required_for_age_limit", limit: "16" },
    ]);
  });

  test("ages and dates", () => {
    expect([ageOn("2011-03-01", "2027-03-01"), ageOn("2011-03-02", "2027-03-01")]).toEqual([16, 15]);
    expect([
      parseDate("30-04-1990"),
      parseDate("1990-04-30"),
      parseDate("31-04-1990"),
      parseDate("1990/04/30"),
    ]).toEqual(["1990-04-30", "1990-04-30", null, null]);
  });
});
