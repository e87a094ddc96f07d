/**
 * AnnGroups to a Microscopy Bulk Simple Annotations object and back (PS3.3 A.87, C.37.1):
 * the writer in encodeAnn.ts, the reader in decodeAnn.ts, what they share in annCommon.ts.
 */
export { newUid } from './annCommon';
export { buildAnnDataset, buildAnnObject, dicomDateTime, encode } from './encodeAnn';
export type { BuiltAnnObject } from './encodeAnn';
export {
  bulkDataUris,
  decode,
  decodeDataset,
  decodeFromDicomweb,
  slideToPixel,
  toDicomJson,
} from './decodeAnn';
export type { DecodeOptions } from './decodeAnn';
