/**
 * The report PDF read back by an independent reader, poppler (Debian poppler-utils):
 * pdfinfo for the pages, pdftotext for the text of each page, pdfimages for the snapshot,
 * pdftoppm for a rendered page.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument } from './document';
import { buildReportDocument } from './document';
import { findFontsDir, renderReportPdf } from './pdf';
import type { SnapshotImage } from './document';
import {
  SAMPLE_ADDENDUM,
  SAMPLE_CASE,
  SAMPLE_TEMPLATE,
  sampleReport,
  sampleSnapshot,
} from './testing/samples';

const run = promisify(execFile);
let work: string;
let snapshot: SnapshotImage;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-pdf-'));
  snapshot = await sampleSnapshot();
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function documentOf(language: 'fr' | 'en', addenda = true): ReportDocument {
  return buildReportDocument({
    report: sampleReport({ addenda: addenda ? [SAMPLE_ADDENDUM] : [] }),
    template: SAMPLE_TEMPLATE,
    case: SAMPLE_CASE,
    snapshots: [snapshot],
    language,
    timeZone: 'Europe/Paris',
  });
}

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(work, name);
  await fs.promises.writeFile(file, bytes);
  return file;
}

async function pageCount(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
}

async function pageText(file: string, page: number): Promise<string> {
  const { stdout } = await run('pdftotext', [
    '-layout',
    '-f',
    String(page),
    '-l',
    String(page),
    file,
    '-',
  ]);
  return stdout;
}

describe('renderReportPdf', () => {
  it('writes an A4 PDF whose every page names the patient, the accession and the page', async () => {
    const file = await write('fr.pdf', await renderReportPdf(documentOf('fr')));
    const info = (await run('pdfinfo', [file])).stdout;
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const pages = await pageCount(file);
    // Fourteen long paragraphs of microscopy do not fit on one page.
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p++) {
      const text = await pageText(file, p);
      expect(text).toContain('CHU de Lille');
      expect(text).toContain('DUPONT Hélène');
      expect(text).toContain('IPP : P-000123');
      expect(text).toContain('N° d’examen : B26-013102');
      expect(text).toContain(`Page ${p} / ${pages}`);
    }
  });

  it('has the sections, the synoptic table, the signature and the addendum, accents intact', async () => {
    const file = await write('fr-all.pdf', await renderReportPdf(documentOf('fr')));
    const { stdout } = await run('pdftotext', [file, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    for (const title of ['Renseignements cliniques', 'Macroscopie', 'Microscopie', 'Conclusion']) {
      expect(text).toContain(title);
    }
    expect(text).toContain('Service d’anatomie et cytologie pathologiques');
    expect(text).toContain('Compte rendu standardisé');
    expect(text).toContain('Taille du foyer infiltrant 12,4 mm');
    expect(text).toContain('Carcinome infiltrant de type non spécifique, grade 2 de Nottingham.');
    expect(text).toContain('« sur ce fragment »');
    expect(text).toContain('Lame A1, HES, ×20 : foyer infiltrant');
    expect(text).toContain(
      'Signé électroniquement par Dr Claire Martin, le 3 décembre 2026 à 11:05',
    );
    expect(text).toContain(`Empreinte SHA-256 : ${'a'.repeat(64)}`);
    expect(text).toContain('Addendum n° 1');
    expect(text).toContain('Récepteurs hormonaux : RE 90 %');
    expect(text).toContain(`Empreinte SHA-256 : ${'b'.repeat(64)}`);
    // The addendum comes after the original signature.
    expect(text.indexOf('Addendum n° 1')).toBeGreaterThan(text.indexOf('a'.repeat(64)));
  });

  it('writes the English titles in an English report', async () => {
    const file = await write('en.pdf', await renderReportPdf(documentOf('en', false)));
    const { stdout } = await run('pdftotext', [file, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    for (const title of [
      'Clinical information',
      'Macroscopy',
      'Microscopy',
      'Conclusion',
      'Synoptic report',
      'Accession No.: B26-013102',
    ]) {
      expect(text).toContain(title);
    }
    expect(text).toContain('Electronically signed by Dr Claire Martin');
    expect(text).not.toContain('Addendum');
  });

  it('embeds the snapshot and fonts, and draws it where the page shows it', async () => {
    const file = await write('img.pdf', await renderReportPdf(documentOf('fr')));
    const images = (await run('pdfimages', ['-list', file])).stdout.trim().split('\n').slice(2);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/\s320\s+200\s/);
    const fonts = (await run('pdffonts', [file])).stdout;
    expect(fonts).toMatch(/DejaVuSans\s/);
    expect(fonts).toMatch(/DejaVuSans-Bold/);
    expect(fonts).not.toMatch(/Helvetica/);
    // The page with the image, rendered: the dark square of the snapshot is on it.
    const pages = await pageCount(file);
    let found = false;
    for (let p = 1; p <= pages && !found; p++) {
      if (!(await pageText(file, p)).includes('Lame A1')) continue;
      await run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        String(p),
        '-l',
        String(p),
        '-singlefile',
        file,
        path.join(work, 'page'),
      ]);
      const { data, info } = await sharp(path.join(work, 'page.png'))
        .raw()
        .toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length && !found; i += info.channels) {
        found = data[i] === 90 && data[i + 1] === 40 && data[i + 2] === 120;
      }
    }
    expect(found).toBe(true);
  });

  it('prints no empty patient labels for a local case without patient data', async () => {
    const d = buildReportDocument({
      report: sampleReport(),
      template: null,
      case: { ...SAMPLE_CASE, patient: { name: '', id: '', birthDate: null, sex: null } },
      snapshots: [],
      language: 'fr',
    });
    const file = await write('anonymous.pdf', await renderReportPdf(d));
    const text = (await pageText(file, 1)).replace(/\s+/g, ' ');
    expect(text).toContain('N° d’examen : B26-013102');
    expect(text).not.toContain('IPP');
    expect(text).not.toContain('— —');
  });

  it('gives the same bytes for the same signed report', async () => {
    const a = await renderReportPdf(documentOf('fr'));
    const b = await renderReportPdf(documentOf('fr'));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it('finds the fonts in the source tree, and in app.asar from the unpacked bundle', () => {
    expect(fs.existsSync(path.join(findFontsDir(), 'DejaVuSans-Bold.ttf'))).toBe(true);
    const app = path.join(work, 'resources', 'app.asar');
    fs.mkdirSync(path.join(app, 'resources', 'fonts'), { recursive: true });
    fs.writeFileSync(path.join(app, 'resources', 'fonts', 'DejaVuSans.ttf'), '');
    expect(findFontsDir(path.join(work, 'resources', 'app.asar.unpacked', 'dist-electron'))).toBe(
      path.join(app, 'resources', 'fonts'),
    );
    expect(() => findFontsDir(os.tmpdir())).toThrow(/resources\/fonts/);
  });
});
