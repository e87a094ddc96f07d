/**
 * The slide label (what is printed on the glass: hospital, accession, block and stain, a
 * 2D barcode) and the macro image (the whole glass, label at the left end), drawn as SVG
 * and rasterised by sharp (librsvg).
 */
import sharp from 'sharp';
import { type PixelRect, type ScanArea, normalizedArea } from '../../common/caseContext/scanArea';
import { Rng, seedFrom } from './random';

export interface LabelText {
  accession: string;
  /** "A1 HE" */
  slideLabel: string;
  stain: string;
  /** Short patient name as a label printer abbreviates it: "MERCIER I." */
  patient: string;
  /** dd/mm/yyyy */
  date: string;
}

/** Aperio label images are roughly square, a few hundred pixels. */
export const LABEL_SIZE = { width: 420, height: 440 };
/** Macro: the 75 × 25 mm glass at 20 px/mm. */
export const MACRO_SIZE = { width: 1500, height: 500 };

const escapeXml = (s: string): string =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

/** A Data Matrix look-alike: solid L finder, dotted timing edges, seeded modules. */
function barcodeSvg(seedText: string, x: number, y: number, size: number): string {
  const n = 18;
  const m = size / n;
  const rng = new Rng(seedFrom(seedText));
  const cells: string[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const finder = c === 0 || r === n - 1;
      const timing = (r === 0 && c % 2 === 0) || (c === n - 1 && r % 2 === 1);
      const inner = r > 0 && c < n - 1 && !finder;
      if (finder || timing || (inner && rng.next() < 0.48)) {
        cells.push(
          `M${(x + c * m).toFixed(1)} ${(y + r * m).toFixed(1)}h${m.toFixed(2)}v${m.toFixed(2)}h-${m.toFixed(2)}z`,
        );
      }
    }
  }
  return `<path d="${cells.join('')}" fill="#111"/>`;
}

export function labelSvg(t: LabelText): string {
  const { width: W, height: H } = LABEL_SIZE;
  const font = "font-family=\"'DejaVu Sans','Liberation Sans',Arial,Helvetica,sans-serif\"";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <rect width="${W}" height="${H}" fill="#f7f6f1"/>
  <rect x="6" y="6" width="${W - 12}" height="${H - 12}" fill="none" stroke="#c9c7bf" stroke-width="2"/>
  <text x="22" y="52" ${font} font-size="30" font-weight="bold" fill="#1d3f8f">CHU Lille</text>
  <text x="22" y="78" ${font} font-size="17" fill="#333">Anatomie et cytologie pathologiques</text>
  <line x1="22" y1="92" x2="${W - 22}" y2="92" stroke="#888" stroke-width="1.5"/>
  <text x="22" y="146" ${font} font-size="44" font-weight="bold" fill="#000">${escapeXml(t.accession)}</text>
  <text x="22" y="214" ${font} font-size="54" font-weight="bold" fill="#000">${escapeXml(t.slideLabel.split(' ')[0] ?? '')}</text>
  <text x="22" y="268" ${font} font-size="36" fill="#000">${escapeXml(t.stain)}</text>
  <text x="22" y="318" ${font} font-size="22" fill="#222">${escapeXml(t.patient)}</text>
  <text x="22" y="350" ${font} font-size="20" fill="#444">${escapeXml(t.date)}</text>
  ${barcodeSvg(`${t.accession}/${t.slideLabel}`, W - 170, 170, 144)}
  <text x="${W - 170}" y="340" ${font} font-size="14" fill="#444">${escapeXml(t.accession.replace('-', ''))}</text>
</svg>`;
}

/** The label as raw RGB (LABEL_SIZE). */
export async function renderLabel(t: LabelText): Promise<Buffer> {
  return sharp(Buffer.from(labelSvg(t)))
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** Width of the label on the macro's frosted end, and the gap before the clear glass. */
const MACRO_LABEL_WIDTH = 380;
const MACRO_GLASS_X = MACRO_LABEL_WIDTH + 30;

/**
 * Where the whole slide image (the overview of the tissue, `overview` pixels) is drawn on
 * the macro: about half of the coverslip, aspect kept (a biopsy is small on the glass),
 * centred on the clear glass. This is the scanned area the macro shows.
 */
export function macroTissueRect(overview: { width: number; height: number }): PixelRect {
  const { width: W, height: H } = MACRO_SIZE;
  const scale = Math.min(620 / overview.width, 300 / overview.height);
  const width = Math.round(overview.width * scale);
  const height = Math.round(overview.height * scale);
  return {
    left: MACRO_GLASS_X + Math.round((W - MACRO_GLASS_X - width) / 2),
    top: Math.round((H - height) / 2),
    width,
    height,
  };
}

/** The scanned area of a demo slide whose overview has this size, as case.json records it. */
export function macroScanArea(overview: { width: number; height: number }): ScanArea {
  const area = normalizedArea(macroTissueRect(overview), MACRO_SIZE);
  if (area === null) throw new Error('the tissue is drawn off the macro');
  return area;
}

/**
 * The macro image: frosted label end on the left, then clear glass with the tissue, drawn
 * from a low-resolution view of the slide (`overview`, RGB) scaled to the glass.
 */
export async function renderMacro(
  label: Buffer,
  /** RGBA: the tissue over transparent glass. */
  overview: { data: Uint8Array; width: number; height: number },
): Promise<Buffer> {
  const { width: W, height: H } = MACRO_SIZE;
  // The label sits on the frosted end, rotated to read along the slide.
  const labelW = MACRO_LABEL_WIDTH;
  const labelImg = await sharp(label, {
    raw: { width: LABEL_SIZE.width, height: LABEL_SIZE.height, channels: 3 },
  })
    .resize(labelW)
    .png()
    .toBuffer();
  const labelMeta = await sharp(labelImg).metadata();
  const at = macroTissueRect(overview);
  const tw = at.width;
  const th = at.height;
  const tissue = await sharp(overview.data, {
    raw: { width: overview.width, height: overview.height, channels: 4 },
  })
    .resize(tw, th, { kernel: 'cubic' })
    .png()
    .toBuffer();
  const glassX = MACRO_GLASS_X;
  const glass = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#eceeed"/><stop offset="1" stop-color="#e2e5e4"/>
    </linearGradient></defs>
    <rect width="${W}" height="${H}" fill="url(#g)"/>
    <rect x="0" y="0" width="${glassX}" height="${H}" fill="#f1f0eb"/>
    <rect x="${glassX + 25}" y="22" width="${W - glassX - 50}" height="${H - 44}" fill="none" stroke="#c8cccb" stroke-width="2"/>
    <rect x="1" y="1" width="${W - 2}" height="${H - 2}" fill="none" stroke="#b9bdbc" stroke-width="2"/>
  </svg>`;
  return sharp(Buffer.from(glass))
    .composite([
      {
        input: labelImg,
        left: 15,
        top: Math.max(0, Math.round((H - (labelMeta.height ?? H)) / 2)),
      },
      {
        input: tissue,
        left: at.left,
        top: at.top,
      },
    ])
    .removeAlpha()
    .jpeg({ quality: 85 })
    .toBuffer();
}
