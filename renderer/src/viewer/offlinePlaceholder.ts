/**
 * What a tile that is not available offline looks like: grey diagonal hatching with
 * "Not available offline" written across, so missing areas are never mistaken for glass or
 * for tissue. Drawn on a canvas, once per size, and copied for each tile (OSD destroys a
 * tile's canvas with the tile, so tiles cannot share one).
 */

export interface PlaceholderPalette {
  background: string;
  hatch: string;
  text: string;
}

/** Mid greys that read as "no image" on the dark viewer and on the light one. */
export const PLACEHOLDER_PALETTES: Record<'dark' | 'light', PlaceholderPalette> = {
  dark: { background: '#2b2e33', hatch: '#3d4147', text: '#b7bcc4' },
  light: { background: '#cfd3d8', hatch: '#bfc4ca', text: '#3e444c' },
};

/** Hatch spacing in tile pixels: tile sizes are multiples of it, so stripes join across tiles. */
export const HATCH_SPACING = 16;

/** Text size for a tile: small at full size (16 px on a 256 px tile), still legible at half. */
export function placeholderFontSize(width: number, height: number): number {
  return Math.max(10, Math.round(Math.min(width, height) / 16));
}

export function drawOfflinePlaceholder(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  text: string,
  palette: PlaceholderPalette,
): void {
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = palette.hatch;
  ctx.lineWidth = Math.max(2, HATCH_SPACING / 4);
  ctx.beginPath();
  for (let d = -height; d < width + height; d += HATCH_SPACING) {
    ctx.moveTo(d, 0);
    ctx.lineTo(d + height, height);
  }
  ctx.stroke();
  const size = placeholderFontSize(width, height);
  ctx.font = `500 ${size}px system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const maxWidth = width * 0.9;
  const label = fitText(ctx, text, maxWidth);
  const metrics = ctx.measureText(label[0] ?? '');
  const lineHeight = size * 1.25;
  const boxWidth = Math.min(
    width - 8,
    Math.max(...label.map((l) => ctx.measureText(l).width), metrics.width) + size,
  );
  const boxHeight = lineHeight * label.length + size * 0.5;
  ctx.fillStyle = palette.background;
  ctx.fillRect((width - boxWidth) / 2, (height - boxHeight) / 2, boxWidth, boxHeight);
  ctx.fillStyle = palette.text;
  label.forEach((line, i) => {
    const y = height / 2 + (i - (label.length - 1) / 2) * lineHeight;
    ctx.fillText(line, width / 2, y, maxWidth);
  });
}

/** Splits the text in two lines when one does not fit. */
function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  if (ctx.measureText(text).width <= maxWidth) return [text];
  const words = text.split(' ');
  const half = Math.ceil(words.length / 2);
  return [words.slice(0, half).join(' '), words.slice(half).join(' ')];
}

/** Makes placeholder canvases of any size; null where there is no 2D canvas (jsdom). */
export class PlaceholderFactory {
  private readonly templates = new Map<string, HTMLCanvasElement | null>();

  constructor(
    private text: string,
    private palette: PlaceholderPalette,
  ) {}

  /** Later placeholders use the new text and colours (language or theme changed). */
  update(text: string, palette: PlaceholderPalette): void {
    if (text === this.text && palette === this.palette) return;
    this.text = text;
    this.palette = palette;
    this.templates.clear();
  }

  /** A fresh 2D context holding the placeholder, or null. */
  make(width: number, height: number): CanvasRenderingContext2D | null {
    const w = Math.max(1, Math.round(width));
    const h = Math.max(1, Math.round(height));
    const key = `${w}x${h}`;
    let template = this.templates.get(key);
    if (template === undefined) {
      template = document.createElement('canvas');
      template.width = w;
      template.height = h;
      const ctx = template.getContext('2d');
      if (ctx) drawOfflinePlaceholder(ctx, w, h, this.text, this.palette);
      else template = null;
      this.templates.set(key, template);
    }
    if (template === null) return null;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(template, 0, 0);
    return ctx;
  }
}
