/**
 * Print-ready PDFs made in the browser (pdf-lib, qrcode): household vote-code letters, one A4
 * page per household with the code as text and as a QR code that opens the vote page with the
 * code filled in; and a paper ballot per district. Nothing is sent anywhere: the official prints
 * or saves the file.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";

import { formatCode } from "../../../../lib/votecodes/index.js";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

export interface Letter {
  /** The address lines the envelope window shows (street or postcode and house number). */
  address: string[];
  district: number;
  districtName?: string;
  batchId: string;
  /** The normalized code. */
  code: string;
  /** The vote page with the code filled in. */
  url: string;
}

/** The letter's words, in the language the official chose. */
export interface LetterText {
  title: string;
  greeting: string;
  body: string[];
  codeLabel: string;
  batchLabel: string;
  districtLabel: string;
  scan: string;
  /** Above the vote page's address printed as text, for a household without a camera. */
  typeAddress: string;
  paper: string;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** An address in lines of at most `width`, cut before a `?` or `&` where one is near the end. */
function breakAddress(url: string, font: PDFFont, size: number, width: number): string[] {
  const perLine = Math.max(1, Math.floor(width / font.widthOfTextAtSize("M", size)));
  const lines: string[] = [];
  let rest = url;
  while (rest.length > perLine) {
    const cut = Math.max(rest.lastIndexOf("&", perLine), rest.lastIndexOf("?", perLine));
    const at = cut > perLine / 2 ? cut : perLine;
    lines.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  lines.push(rest);
  return lines;
}

function paragraph(page: PDFPage, text: string, font: PDFFont, size: number, y: number): number {
  for (const line of wrap(text, font, size, A4[0] - 2 * MARGIN)) {
    page.drawText(line, { x: MARGIN, y, size, font });
    y -= size * 1.45;
  }
  return y - size * 0.6;
}

/** One page per letter. */
export async function lettersPdf(letters: readonly Letter[], text: LetterText): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(text.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  for (const letter of letters) {
    const page = pdf.addPage(A4);
    let y = A4[1] - MARGIN - 60;
    // The envelope window (left, as NEN 1026 places it).
    for (const line of letter.address) {
      page.drawText(line, { x: MARGIN, y, size: 11, font });
      y -= 15;
    }
    y -= 50;
    page.drawText(text.title, { x: MARGIN, y, size: 16, font: bold });
    y -= 30;
    y = paragraph(page, text.greeting, font, 11, y);
    for (const body of text.body) y = paragraph(page, body, font, 11, y);
    const district = letter.districtName ? `${letter.district} (${letter.districtName})` : String(letter.district);
    page.drawText(`${text.districtLabel}: ${district}`, { x: MARGIN, y, size: 11, font });
    y -= 18;
    page.drawText(`${text.batchLabel}: ${letter.batchId}`, { x: MARGIN, y, size: 11, font });
    y -= 30;
    page.drawText(text.codeLabel, { x: MARGIN, y, size: 11, font: bold });
    y -= 26;
    page.drawText(formatCode(letter.code), { x: MARGIN, y, size: 20, font: mono });
    y -= 30;
    const qr = await pdf.embedPng(
      await QRCode.toDataURL(letter.url, { errorCorrectionLevel: "M", margin: 2, width: 400 }),
    );
    const side = 150;
    page.drawImage(qr, { x: MARGIN, y: y - side, width: side, height: side });
    const scanLines = wrap(text.scan, font, 10, A4[0] - 3 * MARGIN - side);
    let sy = y - 14;
    for (const line of scanLines) {
      page.drawText(line, { x: MARGIN * 1.5 + side, y: sy, size: 10, font, color: rgb(0.2, 0.2, 0.2) });
      sy -= 14;
    }
    // The QR code's address as text too (it names the letter's round when it has one), broken
    // where it no longer fits: an address has no spaces to wrap at.
    let ay = y - side - 22;
    page.drawText(text.typeAddress, { x: MARGIN, y: ay, size: 10, font });
    for (const line of breakAddress(letter.url, mono, 9, A4[0] - 2 * MARGIN)) {
      ay -= 13;
      page.drawText(line, { x: MARGIN, y: ay, size: 9, font: mono });
    }
    paragraph(page, text.paper, font, 10, ay - 26);
  }
  return pdf.save();
}

export interface BallotSheet {
  roundId: string;
  district: number;
  districtName?: string;
  /** Ballot positions in order: what the clerk enters. */
  entries: { position: number; proposalId: string; title: string; cost: string }[];
}

export interface BallotText {
  title: string;
  instructions: string[];
  codeBox: string;
  columns: { mark: string; project: string; cost: string };
}

/** A paper ballot for one district: its projects with a box each, and a box for the household's vote code. */
export async function ballotPdf(sheet: BallotSheet, text: BallotText): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(text.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  page.drawText(text.title, { x: MARGIN, y, size: 16, font: bold });
  y -= 28;
  for (const line of text.instructions) y = paragraph(page, line, font, 11, y);
  page.drawText(text.codeBox, { x: MARGIN, y, size: 11, font: bold });
  y -= 34;
  page.drawRectangle({
    x: MARGIN,
    y,
    width: A4[0] - 2 * MARGIN,
    height: 26,
    borderWidth: 1,
    borderColor: rgb(0, 0, 0),
  });
  y -= 30;
  page.drawText(text.columns.mark, { x: MARGIN, y, size: 10, font: bold });
  page.drawText(text.columns.project, { x: MARGIN + 50, y, size: 10, font: bold });
  page.drawText(text.columns.cost, { x: A4[0] - MARGIN - 80, y, size: 10, font: bold });
  y -= 24;
  for (const entry of sheet.entries) {
    if (y < MARGIN + 30) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
    page.drawRectangle({ x: MARGIN, y: y - 4, width: 16, height: 16, borderWidth: 1, borderColor: rgb(0, 0, 0) });
    const title = wrap(`${entry.position + 1}. ${entry.title}`, font, 11, A4[0] - 2 * MARGIN - 150);
    title.forEach((line, i) => page.drawText(line, { x: MARGIN + 50, y: y - i * 14, size: 11, font }));
    page.drawText(entry.cost, { x: A4[0] - MARGIN - 80, y, size: 11, font });
    y -= Math.max(1, title.length) * 14 + 14;
  }
  return pdf.save();
}
