/**
 * What writing a pyramidal TIFF or SVS is asked for (PyramidalTiffOptions) and the plan
 * made of it: levels, tile size, compression, photometric, associated images
 * (tiffWriter.ts writes the file from it).
 */
/** Interleaved 8-bit RGB, `width * height * 3` bytes. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Renders any region of the slide on demand, for slides too large to hold in memory. */
export interface RegionSource {
  width: number;
  height: number;
  /** RGB pixels of a region of level `level` (whose scale is `downsample`), in level pixels. */
  readRegion(region: {
    level: number;
    downsample: number;
    x: number;
    y: number;
    width: number;
    height: number;
  }): Promise<Uint8Array>;
}

/** An associated image: raw RGB, or a ready JPEG (stored as is, one strip). */
export type AssociatedInput = RgbImage | { jpeg: Uint8Array };

export type TiffCompressionName = 'jpeg' | 'lzw' | 'deflate' | 'none';

export interface PyramidalTiffOptions {
  image: RgbImage | RegionSource;
  /** 'svs': Aperio layout and descriptions; 'tiff': classic TIFF; 'bigtiff': BigTIFF. */
  format: 'svs' | 'tiff' | 'bigtiff';
  /** SVS only: write the Aperio layout as BigTIFF (needed beyond 4 GiB). */
  bigtiff?: boolean;
  /** Square tiles, a multiple of 16 (default 256). */
  tileSize?: number;
  /** Downsample of each level relative to level 0, starting with 1. Default: ×4 steps for
   * SVS, ×2 for TIFF, until a level fits in one tile. */
  levelDownsamples?: number[];
  compression?: TiffCompressionName;
  /** JPEG quality (default 80). */
  quality?: number;
  /** JPEG colour: 'rgb' stores R,G,B components (Aperio), 'ycbcr' the usual JPEG. Default
   * 'rgb' for SVS, 'ycbcr' otherwise. Note 'rgb' is produced by pre-compensating pixels
   * for the encoder's colour transform, exact for moderately saturated colours only. */
  photometric?: 'rgb' | 'ycbcr';
  /** Abbreviated tiles + JPEGTables tag (default true for SVS, false otherwise). */
  jpegTables?: boolean;
  /** LZW/deflate horizontal differencing predictor (TIFF predictor 2). */
  predictor?: boolean;
  /** Microns per pixel at level 0 (number for square pixels). */
  mpp?: number | { x: number; y: number };
  /** Objective magnification (SVS AppMag). */
  appMag?: number;
  /** Resolution tags for TIFF (default 'cm' when mpp is given). Not written for SVS. */
  resolutionUnit?: 'cm' | 'inch' | 'none';
  /** Level 0 ImageDescription for TIFF; extra `key = value` pairs for SVS. */
  description?: string;
  aperioFields?: Record<string, string | number>;
  /** TIFF only: put reduced levels in a SubIFDs tag of level 0 (OME/libvips style). */
  subIfds?: boolean;
  /** Associated images. `thumbnail: true` renders one from the pyramid (default for SVS). */
  associated?: {
    label?: AssociatedInput;
    macro?: AssociatedInput;
    thumbnail?: AssociatedInput | boolean;
  };
  /** Tiles encoded at once (default 32). */
  batchSize?: number;
}

export interface WrittenLevel {
  width: number;
  height: number;
  downsample: number;
  tileWidth: number;
  tileHeight: number;
}

export interface WrittenTiff {
  bytes: number;
  levels: WrittenLevel[];
  associated: ('label' | 'macro' | 'thumbnail')[];
  /** Wall time in milliseconds. */
  ms: number;
}

export function isBig(options: PyramidalTiffOptions): boolean {
  return options.format === 'bigtiff' || (options.format === 'svs' && options.bigtiff === true);
}

export interface Plan {
  options: PyramidalTiffOptions;
  svs: boolean;
  tileSize: number;
  compression: TiffCompressionName;
  quality: number;
  rgbPhotometric: boolean;
  abbreviated: boolean;
  mpp: { x: number; y: number } | null;
  levels: WrittenLevel[];
  associatedNames: ('label' | 'macro' | 'thumbnail')[];
}

export function planPyramid(options: PyramidalTiffOptions): Plan {
  const { image } = options;
  const tileSize = options.tileSize ?? 256;
  if (tileSize % 16 !== 0 || tileSize <= 0)
    throw new RangeError('tileSize must be a positive multiple of 16');
  if (!(image.width > 0 && image.height > 0))
    throw new RangeError('image must have positive dimensions');
  if ('data' in image && image.data.length < image.width * image.height * 3) {
    throw new RangeError('image.data is smaller than width * height * 3');
  }
  const svs = options.format === 'svs';
  const step = svs ? 4 : 2;
  let downsamples = options.levelDownsamples;
  if (!downsamples) {
    downsamples = [1];
    let d = 1;
    while (Math.max(image.width, image.height) / d > tileSize) {
      d *= step;
      downsamples.push(d);
    }
  }
  if (downsamples[0] !== 1) throw new RangeError('levelDownsamples must start with 1');
  const levels = downsamples.map((d) => ({
    width: Math.max(1, Math.floor(image.width / d)),
    height: Math.max(1, Math.floor(image.height / d)),
    downsample: d,
    tileWidth: tileSize,
    tileHeight: tileSize,
  }));
  const compression = options.compression ?? 'jpeg';
  const mpp =
    options.mpp === undefined
      ? null
      : typeof options.mpp === 'number'
        ? { x: options.mpp, y: options.mpp }
        : options.mpp;
  const assoc = options.associated ?? {};
  const thumbnail = assoc.thumbnail ?? svs;
  const associatedNames: Plan['associatedNames'] = [];
  if (thumbnail !== false) associatedNames.push('thumbnail');
  if (assoc.label) associatedNames.push('label');
  if (assoc.macro) associatedNames.push('macro');
  return {
    options: { ...options, associated: { ...assoc, thumbnail } },
    svs,
    tileSize,
    compression,
    quality: options.quality ?? 80,
    rgbPhotometric:
      compression === 'jpeg' ? (options.photometric ?? (svs ? 'rgb' : 'ycbcr')) === 'rgb' : true,
    abbreviated: compression === 'jpeg' && (options.jpegTables ?? svs),
    mpp,
    levels,
    associatedNames,
  };
}
