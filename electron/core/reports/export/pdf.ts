/**
 * The signed report as an A4 PDF, drawn from its ReportDocument with pdfkit.
 *
 * Why pdfkit (0.20, maintained, releases in 2026): it lays out and wraps text itself,
 * breaks pages, embeds TrueType subsets through fontkit and PNG/JPEG images, and can go
 * back to every page at the end (bufferPages) to write "Page n / N". pdf-lib would leave
 * line breaking to us and has had no release since 2021.
 *
 * Fonts: DejaVu Sans and DejaVu Sans Bold shipped in resources/fonts (see its README): the
 * PDF must carry a font with every French character whatever the computer has installed.
 * PDF's 14 standard fonts are never used (they have no ’ « » œ).
 *
 * Every page carries the institution, the patient's name and id, the accession number and
 * "Page n / N". The bytes depend only on the document: the creation date is the last
 * signature's time, so exporting the same signed report twice gives the same file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { WorkstationError } from '../../../common/errors';
import { PRODUCT_NAME } from '../../paths';
import { findResourceDir } from '../../resources';
import type { DocumentSignature, ReportDocument } from './document';

export interface ReportFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/** resources/fonts beside this module: the source tree, or app.asar (see core/resources.ts). */
export function findFontsDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  try {
    const dir = findResourceDir('fonts', from);
    if (fs.existsSync(path.join(dir, FONT_FILES.regular))) return dir;
  } catch {
    // Said below, in the report's words.
  }
  throw new WorkstationError('internal', 'The report fonts (resources/fonts) are missing.');
}

let cachedFonts: ReportFonts | null = null;

export function loadReportFonts(dir?: string): ReportFonts {
  if (dir === undefined && cachedFonts !== null) return cachedFonts;
  const base = dir ?? findFontsDir();
  const fonts = {
    regular: new Uint8Array(fs.readFileSync(path.join(base, FONT_FILES.regular))),
    bold: new Uint8Array(fs.readFileSync(path.join(base, FONT_FILES.bold))),
  };
  if (dir === undefined) cachedFonts = fonts;
  return fonts;
}

// A4 in points (ISO 216: 210 × 297 mm at 72 pt per inch).
const PAGE = { width: 595.28, height: 841.89 };
/** 2 cm sides; the top leaves room for the header drawn on every page, the bottom for the footer. */
const MARGIN = { left: 57, right: 57, top: 128, bottom: 62 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const INK = '#1a1a1a';
const MUTED = '#5a5a5a';
const RULE = '#9a9a9a';
const ZEBRA = '#f0f0f0';
/** Largest snapshot on the page: half the width, 2:3 of it in height. */
const SNAPSHOT_BOX = { width: 300, height: 210 };

type Doc = InstanceType<typeof PDFDocument>;

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** A new page unless `height` still fits under the cursor. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** A section title, kept on the page of the first `keepWith` points of what follows it. */
function heading(doc: Doc, text: string, keepWith = 30): void {
  ensureRoom(doc, 30 + keepWith);
  doc.moveDown(0.6);
  doc
    .font('bold')
    .fontSize(11.5)
    .fillColor(INK)
    .text(text, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  const y = doc.y + 2;
  doc
    .moveTo(MARGIN.left, y)
    .lineTo(MARGIN.left + CONTENT_WIDTH, y)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc.y = y + 5;
}

/**
 * French punctuation keeps to its word: the space before : ; ? ! » and after « becomes a
 * no-break space, so a line never starts with ":" or ends with "«".
 */
export function frenchSpacing(text: string): string {
  return text.replace(/ ([:;?!»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}

function paragraphs(doc: Doc, raw: string): void {
  // Whatever the report's language, its text is often French.
  const text = frenchSpacing(raw);
  doc.font('regular').fontSize(10).fillColor(INK);
  for (const para of text.split(/\n{2,}/)) {
    doc.text(para, MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: 2, paragraphGap: 5 });
  }
}

function labelled(doc: Doc, d: ReportDocument, label: string, value: string): void {
  doc
    .font('bold')
    .fontSize(10)
    .fillColor(INK)
    .text(`${label}${d.labels.colon} `, MARGIN.left, doc.y, { continued: true });
  doc.font('regular').text(value, { width: CONTENT_WIDTH });
}

function synopticTable(doc: Doc, d: ReportDocument): void {
  const s = d.synoptic;
  if (s === null) return;
  heading(doc, `${d.labels.synoptic} — ${s.title}`, 60);
  doc
    .font('regular')
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(`${d.labels.basedOn}${d.labels.colon} ${s.basedOn}`, MARGIN.left, doc.y, {
      width: CONTENT_WIDTH,
    });
  doc.moveDown(0.4);
  const labelWidth = Math.round(CONTENT_WIDTH * 0.42);
  const answerWidth = CONTENT_WIDTH - labelWidth;
  const pad = 4;
  s.rows.forEach((row, i) => {
    doc.fontSize(9.5);
    const h =
      Math.max(
        doc.font('bold').heightOfString(row.label, { width: labelWidth - 2 * pad }),
        doc.font('regular').heightOfString(row.answer, { width: answerWidth - 2 * pad }),
      ) +
      2 * pad;
    ensureRoom(doc, h);
    const y = doc.y;
    if (i % 2 === 0) doc.rect(MARGIN.left, y, CONTENT_WIDTH, h).fillColor(ZEBRA).fill();
    doc
      .font('bold')
      .fillColor(INK)
      .text(row.label, MARGIN.left + pad, y + pad, { width: labelWidth - 2 * pad });
    doc
      .font('regular')
      .text(row.answer, MARGIN.left + labelWidth + pad, y + pad, { width: answerWidth - 2 * pad });
    doc.y = y + h;
  });
  doc.x = MARGIN.left;
}

function snapshotScale(snap: { width: number; height: number }): number {
  return Math.min(SNAPSHOT_BOX.width / snap.width, SNAPSHOT_BOX.height / snap.height, 1.5);
}

function snapshotHeight(snap: { width: number; height: number }): number {
  return snap.height * snapshotScale(snap);
}

function snapshots(doc: Doc, d: ReportDocument): void {
  const first = d.snapshots[0];
  if (first === undefined) return;
  heading(doc, d.labels.snapshots, snapshotHeight(first) + 20);
  for (const snap of d.snapshots) {
    const scale = snapshotScale(snap);
    const w = snap.width * scale;
    const h = snap.height * scale;
    doc.fontSize(9);
    const captionHeight = doc.heightOfString(snap.caption || ' ', { width: CONTENT_WIDTH });
    ensureRoom(doc, h + captionHeight + 12);
    const y = doc.y;
    try {
      doc.image(Buffer.from(snap.bytes), MARGIN.left, y, { width: w, height: h });
    } catch {
      throw new WorkstationError(
        'corrupt',
        'A snapshot of the report is not a readable PNG or JPEG image.',
      );
    }
    doc.rect(MARGIN.left, y, w, h).lineWidth(0.5).strokeColor(RULE).stroke();
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(MUTED)
      .text(snap.caption, MARGIN.left, y + h + 3, { width: CONTENT_WIDTH });
    doc.moveDown(0.6);
  }
}

function signatureBlock(doc: Doc, d: ReportDocument, s: DocumentSignature): void {
  doc.fontSize(9.5);
  const h = doc.heightOfString(s.line, { width: CONTENT_WIDTH }) + 30;
  ensureRoom(doc, h);
  doc
    .font('bold')
    .fontSize(9.5)
    .fillColor(INK)
    .text(s.line, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc
    .font('regular')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(`${d.labels.fingerprint}${d.labels.colon} ${s.sha256}`, MARGIN.left, doc.y + 2, {
      width: CONTENT_WIDTH,
    });
  doc.fillColor(INK);
}

/** Header and footer of every page, drawn once the page count is known. */
function frame(doc: Doc, d: ReportDocument): void {
  const range = doc.bufferedPageRange();
  const total = range.count;
  // A local case may have no patient name or id: nothing is printed for them, not a label alone.
  const idLine = d.patient.id ? `${d.labels.patientId}${d.labels.colon} ${d.patient.id}` : '';
  const footer = [d.patient.name, idLine].filter((x) => x.trim() !== '');
  const details = [
    d.patient.birthDateText ? `${d.labels.born} ${d.patient.birthDateText}` : null,
    d.patient.sexText,
  ]
    .filter((x) => x !== null)
    .join(' · ');
  const accessionLine = `${d.labels.accession}${d.labels.colon} ${d.case.accession}`;
  const rightWidth = 260;
  const rightX = PAGE.width - MARGIN.right - rightWidth;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(range.start + i);
    // The footer is written below the bottom margin: without this pdfkit would start a page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    doc
      .font('bold')
      .fontSize(12)
      .fillColor(INK)
      .text(d.institution.name, MARGIN.left, 40, { width: 230, lineBreak: false });
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(MUTED)
      .text(d.institution.department, MARGIN.left, 57, { width: 230 });
    doc
      .font('bold')
      .fontSize(10)
      .fillColor(INK)
      .text(d.patient.name, rightX, 40, { width: rightWidth, align: 'right' });
    doc.font('regular').fontSize(8.5).fillColor(INK).text(idLine, rightX, 55, {
      width: rightWidth,
      align: 'right',
    });
    if (details) doc.text(details, rightX, 67, { width: rightWidth, align: 'right' });
    doc
      .font('bold')
      .fontSize(9)
      .text(accessionLine, rightX, 80, { width: rightWidth, align: 'right' });
    doc
      .moveTo(MARGIN.left, 100)
      .lineTo(PAGE.width - MARGIN.right, 100)
      .lineWidth(0.8)
      .strokeColor(INK)
      .stroke();
    const footY = PAGE.height - 40;
    doc
      .moveTo(MARGIN.left, footY - 6)
      .lineTo(PAGE.width - MARGIN.right, footY - 6)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text([accessionLine, ...footer].join(' — '), MARGIN.left, footY, {
        width: CONTENT_WIDTH - 90,
        lineBreak: false,
        ellipsis: true,
      });
    doc.text(d.labels.page(i + 1, total), PAGE.width - MARGIN.right - 90, footY, {
      width: 90,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
}

/** The PDF of a signed report (bytes). */
export function renderReportPdf(
  d: ReportDocument,
  fonts: ReportFonts = loadReportFonts(),
): Promise<Uint8Array> {
  const last = d.addenda.at(-1)?.signature.signedAt ?? d.signature.signedAt;
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    font: Buffer.from(fonts.regular) as unknown as string,
    lang: d.language === 'fr' ? 'fr-FR' : 'en-GB',
    pdfVersion: '1.7',
    info: {
      Title: `${d.title} — ${d.case.accession}`,
      Author: d.signature.displayName,
      Creator: PRODUCT_NAME,
      Producer: PRODUCT_NAME,
      CreationDate: new Date(last),
      ModDate: new Date(last),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  doc.registerFont('regular', Buffer.from(fonts.regular));
  doc.registerFont('bold', Buffer.from(fonts.bold));

  doc
    .font('bold')
    .fontSize(15)
    .fillColor(INK)
    .text(d.title, MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH });
  doc.moveDown(0.5);
  labelled(doc, d, d.labels.specimen, d.case.specimen);
  labelled(doc, d, d.labels.received, d.case.receivedText);
  for (const section of d.sections) {
    heading(doc, section.title);
    paragraphs(doc, section.text);
  }
  synopticTable(doc, d);
  snapshots(doc, d);
  heading(doc, d.labels.signature, 40);
  signatureBlock(doc, d, d.signature);
  for (const addendum of d.addenda) {
    doc.moveDown(0.6);
    heading(doc, addendum.title);
    paragraphs(doc, addendum.text);
    doc.moveDown(0.3);
    signatureBlock(doc, d, addendum.signature);
  }
  frame(doc, d);
  doc.end();
  return done;
}
