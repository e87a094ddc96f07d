/**
 * The model of the DICOM Microscopy Bulk Simple Annotations codec (PS3.3 A.87 and C.37.1,
 * Supplement 222; SOP Class 1.2.840.10008.5.1.4.1.1.91.1, modality ANN). It is independent
 * of the workstation's annotation engine: the engine's shapes are turned into AnnGroups by
 * its own glue.
 *
 * Coordinates: x,y pairs in level-0 slide pixels, with (0,0) at the top-left corner of the
 * top-left pixel and (width,height) at the bottom-right corner of the bottom-right pixel;
 * the centre of the first pixel is (0.5,0.5). That is the workstation's (and OpenSeadragon's)
 * convention, and also DICOM's for 2D image-relative coordinates: PS3.3 C.37.1.2 says 2D
 * Point Coordinates Data are "image-relative ... with units of pixels, as defined in
 * Section C.10.4", and the sub-pixel convention there (C.10.5.1.2, and C.18.6.1.2 for SR
 * SCOORD) puts 0.0\0.0 at the top-left corner of the top-left pixel and Columns\Rows at the
 * bottom-right corner of the bottom-right one; Pixel Origin Interpretation VOLUME makes the
 * origin that of the Total Pixel Matrix. So 2D values are written and read unchanged.
 * Only 1-based things are indices: Annotation Group Number, Long Primitive Point Index List
 * and Annotation Index List.
 */
import type { DicomJson } from '../../sources/dicom/dicomJson';

/** A coded concept, named as in DICOM's Basic Code Sequence Macro (PS3.3 Table 8.8-1). */
export interface CodedConcept {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

export type AnnGraphicType = 'POINT' | 'POLYLINE' | 'POLYGON' | 'ELLIPSE' | 'RECTANGLE';

/** Annotation Group Generation Type (006A,0007). */
export type AnnGenerationType = 'MANUAL' | 'SEMIAUTOMATIC' | 'AUTOMATIC';

/** Algorithm Identification Macro (PS3.3 Table 10-19): required unless MANUAL. */
export interface AnnAlgorithm {
  name: string;
  version: string;
  /** Algorithm Family Code Sequence (CID 7162). */
  family: CodedConcept;
  source?: string;
}

/**
 * One kind of measurement for the annotations of a group, e.g. the area of each region.
 * `values[i]` belongs to annotation i; NaN where an annotation has no value.
 */
export interface AnnMeasurement {
  name: CodedConcept;
  /** A UCUM unit (CodingSchemeDesignator 'UCUM'), e.g. um2 "square micrometer". */
  unit: CodedConcept;
  values: Float32Array;
}

/**
 * One shape. `points` holds x,y pairs in level-0 slide pixels (see the file comment):
 * POINT one pair; POLYLINE two or more; POLYGON three or more, implicitly closed (the
 * first point is not repeated at the end); ELLIPSE four, the ends of the major axis then
 * those of the minor axis; RECTANGLE four, top-left, top-right, bottom-right, bottom-left.
 */
export interface AnnShape {
  points: Float32Array;
}

/** Annotations that share a graphic type and a meaning (an Annotation Group Sequence item). */
export interface AnnGroup {
  /** Annotation Group UID; a new one is made when absent. */
  uid?: string;
  /** What people see, e.g. "Tumour" (at most 64 characters are kept). */
  label: string;
  description?: string;
  /** Default MANUAL. */
  generationType?: AnnGenerationType;
  /** Required when the generation type is not MANUAL. */
  algorithm?: AnnAlgorithm;
  /** CID 7150, e.g. SCT 49755003 "Morphologically abnormal structure". */
  propertyCategory: CodedConcept;
  /** e.g. SCT 108369006 "Neoplasm". */
  propertyType: CodedConcept;
  graphicType: AnnGraphicType;
  annotations: AnnShape[];
  measurements?: AnnMeasurement[];
}

/**
 * The slide image the annotations are drawn on (its level 0), and what the annotation object
 * copies from it: made by `fromSeriesMetadata` from the slide series' DICOM JSON.
 */
export interface ReferencedImage {
  studyUID: string;
  seriesUID: string;
  /** The level-0 instance (or its Concatenation Source, PS3.3 C.37.1.2). */
  sopInstanceUID: string;
  sopClassUID: string;
  /** The slide's Frame of Reference; not written in 2D objects, which do not need it. */
  frameOfReferenceUID: string | null;
  /** Millimetres between rows, then between columns (PixelSpacing order); null if unknown. */
  pixelSpacing: [number, number] | null;
  /** Total Pixel Matrix of the referenced image. */
  columns: number;
  rows: number;
  /** Where the image lies on the slide, for 3D annotations; null when not stated. */
  slideGeometry: SlideGeometry | null;
  /**
   * Total Pixel Matrix (columns, rows) of every VOLUME image of the slide by SOP Instance
   * UID: an object from elsewhere may annotate another level, whose pixels are scaled.
   */
  imageSizes: Record<string, [number, number]>;
  /**
   * Patient and General Study attributes (and the series' Laterality) copied into the
   * annotation object, as DICOM JSON.
   */
  patientStudy: DicomJson;
}

/** The image's placement in the slide coordinate system (mm), PS3.3 C.8.12.4.1. */
export interface SlideGeometry {
  /** Total Pixel Matrix Origin: X and Y offsets in the slide coordinate system. */
  originX: number;
  originY: number;
  /** Image Orientation (Slide): row direction cosines then column direction cosines. */
  orientation: [number, number, number, number, number, number];
}

/** Our own identity, written in the equipment modules. */
export interface AnnEquipment {
  /** Software Versions (0018,1020), e.g. the app's version. */
  softwareVersion: string;
  /** Device Serial Number (0018,1000): an installation identifier; 'UNKNOWN' when absent. */
  deviceSerialNumber?: string;
}

export interface BuildAnnOptions {
  groups: readonly AnnGroup[];
  referenced: ReferencedImage;
  equipment: AnnEquipment;
  /** Content, series and instance creation date-time. */
  now: Date;
  instanceUid?: string;
  /** The annotation series: a new one when absent; reuse it to version a slide's annotations. */
  seriesUid?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  /** Content Creator's Name as a DICOM person name, e.g. "DUPONT^MARIE". */
  creatorName?: string;
  /** Content Description (0070,0081), at most 64 characters. */
  description?: string;
}

/** A decoded annotation object: what it annotates, who made it, and its groups. */
export interface AnnObject {
  studyUID: string;
  seriesUID: string;
  sopInstanceUID: string;
  instanceNumber: number | null;
  /** ISO date-time of the content (local to the writer unless it stated its offset). */
  contentDateTime: string | null;
  contentLabel: string | null;
  contentDescription: string | null;
  creatorName: string | null;
  manufacturer: string | null;
  modelName: string | null;
  softwareVersions: string | null;
  /** The image the coordinates refer to (2D), or null for 3D objects without one. */
  referencedImage: { sopClassUID: string; sopInstanceUID: string } | null;
  /** Series the object references (Common Instance Reference). */
  referencedSeriesUIDs: string[];
  /** '2D' objects are read as is; '3D' objects are converted to level-0 pixels. */
  coordinateType: '2D' | '3D';
  groups: AnnGroup[];
}
