/**
 * DICOM Microscopy Bulk Simple Annotations (modality ANN) for the workstation: the codec
 * and the archive operations. Typical use, for a slide from a DICOMweb archive:
 *
 *   const referenced = fromSeriesMetadata(await client.seriesMetadata(study, series));
 *   const object = buildAnnObject({ groups, referenced, equipment: { softwareVersion }, now });
 *   await archives.storeAnnotations(archiveId, { ...object, slideSeriesUID: series });
 *   const found = await findAnnotationSeries(client, study, series);
 *   const read = await loadAnnotations(client, found[0], { slide: referenced });
 */
export { buildAnnObject, decode, decodeFromDicomweb, encode, newUid } from './codec';
export type { BuiltAnnObject, DecodeOptions } from './codec';
export { ANNOTATION_CLASSES, CATEGORY, MEASUREMENT, PROPERTY, UNIT } from './codes';
export { findAnnotationSeries, loadAnnotations, storeAnnotations } from './archiveAnn';
export type { AnnSummary } from './archiveAnn';
export { fromSeriesMetadata } from './reference';
export type * from './types';
