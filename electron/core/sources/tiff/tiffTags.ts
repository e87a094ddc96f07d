/**
 * TIFF tag numbers, field types and compression codes used by the reader and the writer.
 * Values from the TIFF 6.0 specification, the BigTIFF proposal (types 16–18) and the
 * Aperio/libtiff registry (JPEG 2000 codes 33003/33005/34712).
 */
export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  ImageDescription: 270,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  PlanarConfiguration: 284,
  ResolutionUnit: 296,
  Software: 305,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SubIFDs: 330,
  SampleFormat: 339,
  JPEGTables: 347,
  YCbCrSubsampling: 530,
  ImageDepth: 32997,
} as const;

/** TIFF field types: size in bytes of one value. */
export const FIELD_TYPE = {
  BYTE: 1,
  ASCII: 2,
  SHORT: 3,
  LONG: 4,
  RATIONAL: 5,
  SBYTE: 6,
  UNDEFINED: 7,
  SSHORT: 8,
  SLONG: 9,
  SRATIONAL: 10,
  FLOAT: 11,
  DOUBLE: 12,
  IFD: 13,
  LONG8: 16,
  SLONG8: 17,
  IFD8: 18,
} as const;

export const FIELD_TYPE_SIZE: Readonly<Record<number, number>> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

export const COMPRESSION = {
  None: 1,
  LZW: 5,
  OldJPEG: 6,
  JPEG: 7,
  AdobeDeflate: 8,
  Deflate: 32946,
  /** Aperio JPEG 2000, YCbCr and RGB variants. */
  AperioJ2kYCbCr: 33003,
  AperioJ2kRGB: 33005,
  /** JPEG 2000 as registered by libtiff. */
  Jp2000: 34712,
} as const;

export const PHOTOMETRIC = {
  MinIsWhite: 0,
  MinIsBlack: 1,
  RGB: 2,
  YCbCr: 6,
} as const;

export const RESOLUTION_UNIT = { None: 1, Inch: 2, Centimeter: 3 } as const;
