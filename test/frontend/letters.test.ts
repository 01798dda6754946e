/** Household letters and paper ballots as PDF (frontend/src/pages/officials/letters.ts). */
import { inflateSync } from "node:zlib";

import { PDFDocument } from "pdf-lib";
import { describe, expect, test } from "vitest";

import { ballotPdf, lettersPdf, type LetterText } from "../../frontend/src/pages/officials/letters.js";
import { formatCode, generateCode, letterVoteUrl, normalizeCode } from "../../lib/votecodes/index.js";

const TEXT: LetterText = {
  title: "Uw stemcode",
  greeting: "Beste bewoners,",
  body: ["U mag meebeslissen over het budget van uw wijk, met één code per huishouden (€ 50.000)."],
  codeLabel: "Stemcode",
  batchLabel: "Batch",
  districtLabel: "Wijk",
  scan: "Scan de QR-code met uw telefoon.",
  typeAddress: "Geen camera? Typ dit adres:",
  paper: "Liever op papier? Kom langs.",
};

/** pdf-lib writes standard-font text as hex strings: look for one. */
const hexOf = (text: string) => Buffer.from(text, "latin1").toString("hex").toUpperCase();

/** Every content stream of the file, inflated (pdf-lib compresses them with Flate). */
function contentOf(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes);
  const text = raw.toString("latin1");
  const parts: string[] = [];
  for (let at = text.indexOf("stream\n"); at >= 0; at = text.indexOf("stream\n", at + 1)) {
    const start = at + "stream\n".length;
    const end = text.indexOf("endstream", start);
    try {
      parts.push(inflateSync(raw.subarray(start, end)).toString("latin1"));
    } catch {
      // not a Flate stream (an image, or the "endstream" keyword itself)
    }
  }
  return parts.join("\n");
}

describe("letters", () => {
  test("one page per household, the code printed as text", async () => {
    const codes = [0, 1, 2].map(() => normalizeCode(generateCode()));
    const bytes = await lettersPdf(
      codes.map((code, i) => ({
        address: ["Aan de bewoners van", `9401 AB  ${i + 1}`],
        district: 1,
        districtName: "Centrum",
        batchId: "7",
        code,
        url: letterVoteUrl("https://buurtkas.example/", "7", code),
      })),
      TEXT,
    );
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(3);
    const content = contentOf(bytes);
    for (const code of codes) expect(content).toContain(hexOf(formatCode(code)));
    // Each page carries its QR code as an image.
    expect(
      Buffer.from(bytes)
        .toString("latin1")
        .match(/\/Subtype \/Image/g)?.length,
    ).toBe(3);
  });

  test("the QR code's address is printed as text too, round included, broken into lines where it is long", async () => {
    const code = normalizeCode(generateCode());
    const url = `https://stemmen.buurtkas.gemeente-voorbeeld.nl/participatie/app/#/stem?batch=12&code=${code}&round=4`;
    const bytes = await lettersPdf(
      [{ address: ["Aan de bewoners van", "9401 AB  1"], district: 1, batchId: "12", code, url }],
      TEXT,
    );
    const shown = [...contentOf(bytes).matchAll(/<([0-9A-F]+)> Tj/g)].map(([, hex]) =>
      Buffer.from(hex!, "hex").toString("latin1"),
    );
    const label = shown.indexOf(TEXT.typeAddress);
    expect(label).toBeGreaterThan(-1);
    // Too long for one line: cut before a parameter, and the lines read back as the address.
    expect(shown[label + 1]).toBe("https://stemmen.buurtkas.gemeente-voorbeeld.nl/participatie/app/#/stem?batch=12");
    expect(shown[label + 1]! + shown[label + 2]!).toBe(url);
  });

  test("a paper ballot lists every position with a box and breaks onto a new page when full", async () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({
      position: i,
      proposalId: String(100 + i),
      title: `Project ${i + 1} met een lange naam die over twee regels kan lopen als de kolom smal is`,
      cost: `€ ${1000 + i}`,
    }));
    const bytes = await ballotPdf(
      { roundId: "3", district: 2, entries },
      {
        title: "Stembiljet",
        instructions: ["Kruis aan."],
        codeBox: "Stemcode",
        columns: { mark: "Kruis", project: "Project", cost: "Kosten" },
      },
    );
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBeGreaterThan(1);
    expect(contentOf(bytes)).toContain(hexOf("40. Project 40"));
  });
});
