/**
 * The workstation's annotations as DICOM annotation groups and back, through the real
 * codec (Part 10 bytes written and read): every kind, classes as coded concepts, text
 * notes, what is left out, measurements.
 */
import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../common/annotations';
import { BUILT_IN_CLASSES, slidePoint } from '../../common/annotations';
import type { Annotation, AnnotationClass } from '../../common/contract';
import { slidePx } from '../../common/pyramid';
import {
  NOTE_CONCEPT,
  classIdOfGroup,
  fromAnnGroup,
  geometryOfShape,
  shapesOf,
  toAnnGroups,
} from './archiveGroups';
import { buildAnnObject, decode } from './dicomAnn';
import { ANNOTATION_CLASSES, CATEGORY, PROPERTY } from './dicomAnn/codes';
import type { ReferencedImage } from './dicomAnn/types';

const USER_CLASS: AnnotationClass = {
  id: 'user-1',
  colour: '#9467bd',
  names: { fr: 'Carcinome in situ', en: 'Carcinoma in situ' },
  builtIn: false,
};
const CLASSES = [...BUILT_IN_CLASSES, USER_CLASS];

let n = 0;
function annotation(
  kind: Annotation['kind'],
  geometry: Geometry,
  more: Partial<Annotation> = {},
): Annotation {
  n++;
  return {
    id: `a${n}`,
    slideId: 's1',
    kind,
    geometry,
    classId: null,
    name: '',
    text: '',
    measurements: {},
    objectType: 'annotation',
    detectionStatus: null,
    author: 'local user',
    authorId: null,
    createdAt: '2026-01-05T09:00:00Z',
    updatedAt: '2026-01-05T09:00:00Z',
    ...more,
  };
}

const p = slidePoint;
const box = (type: 'rectangle' | 'ellipse', x: number, y: number, w: number, h: number) =>
  ({ type, x: slidePx(x), y: slidePx(y), width: slidePx(w), height: slidePx(h) }) as Geometry;

const REFERENCED: ReferencedImage = {
  studyUID: '2.25.1',
  seriesUID: '2.25.2',
  sopInstanceUID: '2.25.3',
  sopClassUID: '1.2.840.10008.5.1.4.1.1.77.1.6',
  frameOfReferenceUID: null,
  pixelSpacing: [0.00025, 0.00025],
  columns: 4096,
  rows: 3072,
  slideGeometry: null,
  imageSizes: { '2.25.3': [4096, 3072] },
  patientStudy: {},
};

const tumour = annotation(
  'polygon',
  { type: 'polygon', rings: [[p(10, 20), p(110, 20), p(110, 120.5)]] },
  { classId: 'tumour' },
);
const tumourWithHole = annotation(
  'freehand',
  {
    type: 'polygon',
    rings: [
      [p(200, 200), p(400, 200), p(400, 400), p(200, 400)],
      [p(250, 250), p(300, 250), p(300, 300)],
    ],
  },
  { classId: 'tumour' },
);
const necrosis = annotation('rectangle', box('rectangle', 500, 600, 40, 30), {
  classId: 'necrosis',
});
const tall = annotation('ellipse', box('ellipse', 700, 700, 20, 60), { classId: 'necrosis' });
const mitoses = annotation(
  'point',
  { type: 'multipoint', points: [p(1000.5, 900.5), p(1010, 905)] },
  { classId: 'mitosis' },
);
const mitosis = annotation('point', { type: 'point', point: p(1200, 950) }, { classId: 'mitosis' });
const arrow = annotation(
  'arrow',
  { type: 'polyline', points: [p(50, 50), p(80, 90)] },
  { classId: 'lymphovascular-invasion' },
);
const cis = annotation(
  'polygon',
  {
    type: 'multipolygon',
    polygons: [[[p(1, 1), p(9, 1), p(9, 9)]], [[p(20, 20), p(30, 20), p(30, 30)]]],
  },
  { classId: 'user-1' },
);
const plain = annotation('line', { type: 'polyline', points: [p(0, 0), p(30, 40)] });
const note = annotation(
  'text',
  { type: 'point', point: p(333, 444) },
  { text: 'Emboles vasculaires ? À revoir avec la coloration CD31 et D2-40 demain matin, merci' },
);
const pending = annotation(
  'point',
  { type: 'point', point: p(5, 5) },
  { objectType: 'detection', detectionStatus: 'pending', classId: 'mitosis' },
);
const rejected = annotation(
  'point',
  { type: 'point', point: p(6, 6) },
  { objectType: 'detection', detectionStatus: 'rejected', classId: 'mitosis' },
);
const accepted = annotation(
  'point',
  { type: 'point', point: p(7, 7) },
  { detectionStatus: 'accepted', classId: 'mitosis' },
);
const ALL = [
  tumour,
  tumourWithHole,
  necrosis,
  tall,
  mitoses,
  mitosis,
  arrow,
  cis,
  plain,
  note,
  pending,
  rejected,
  accepted,
];

/** Groups through the codec: written as Part 10, read back, as the contract shows them. */
function roundTrip(annotations: Annotation[], language: 'fr' | 'en' = 'fr') {
  const { groups, annotations: count } = toAnnGroups(annotations, CLASSES, {
    spacing: { x: 0.25, y: 0.25 },
    language,
  });
  const built = buildAnnObject({
    groups,
    referenced: REFERENCED,
    equipment: { softwareVersion: 't' },
    now: new Date(),
  });
  return { count, groups, read: decode(built.bytes).groups.map((g) => fromAnnGroup(g, CLASSES)) };
}

describe('annotations to DICOM groups and back', () => {
  it('groups by class and graphic type, and reads back the same geometry', () => {
    const { count, read } = roundTrip(ALL);
    // Pending and rejected detections stay out; an accepted one is the pathologist's.
    expect(count).toBe(ALL.length - 2);
    const summary = read.map((g) => [g.label, g.graphicType, g.classId, g.geometries.length]);
    expect(summary).toEqual([
      ['Tumeur', 'POLYGON', 'tumour', 2],
      ['Nécrose', 'RECTANGLE', 'necrosis', 1],
      ['Nécrose', 'ELLIPSE', 'necrosis', 1],
      ['Mitose', 'POINT', 'mitosis', 4],
      ['Invasion lymphovasculaire', 'POLYLINE', 'lymphovascular-invasion', 1],
      ['Carcinome in situ', 'POLYGON', 'user-1', 2],
      ['Sans classe', 'POLYLINE', null, 1],
      ['Emboles vasculaires ? À revoir avec la coloration CD31 et D2-40…', 'POINT', null, 1],
    ]);
    const byLabel = (label: string, type: string) =>
      read.find((g) => g.label === label && g.graphicType === type)!.geometries;
    expect(byLabel('Tumeur', 'POLYGON')).toEqual([
      tumour.geometry,
      // DICOM polygons have no holes: the outline only.
      {
        type: 'polygon',
        rings: [tumourWithHole.geometry.type === 'polygon' ? tumourWithHole.geometry.rings[0] : []],
      },
    ]);
    expect(byLabel('Nécrose', 'RECTANGLE')).toEqual([necrosis.geometry]);
    expect(byLabel('Nécrose', 'ELLIPSE')).toEqual([tall.geometry]);
    expect(byLabel('Mitose', 'POINT')).toEqual([
      { type: 'point', point: p(1000.5, 900.5) },
      { type: 'point', point: p(1010, 905) },
      mitosis.geometry,
      accepted.geometry,
    ]);
    expect(byLabel('Invasion lymphovasculaire', 'POLYLINE')).toEqual([arrow.geometry]);
    expect(byLabel('Carcinome in situ', 'POLYGON').map((g) => g.type)).toEqual([
      'polygon',
      'polygon',
    ]);
    expect(byLabel('Sans classe', 'POLYLINE')).toEqual([plain.geometry]);
  });

  it('keeps a text note whole: label for viewers, description for the rest, its own code', () => {
    const { groups, read } = roundTrip([note]);
    expect(groups[0]).toMatchObject({ propertyType: NOTE_CONCEPT.type, graphicType: 'POINT' });
    expect(read[0]).toMatchObject({
      label: 'Emboles vasculaires ? À revoir avec la coloration CD31 et D2-40…',
      description: note.text,
      propertyType: { scheme: '99LPW', code: 'NOTE', meaning: 'Text note' },
      geometries: [note.geometry],
    });
  });

  it('codes built-in classes with their concepts, and names classes in the chosen language', () => {
    const { groups } = toAnnGroups([tumour, cis, plain], CLASSES, {
      spacing: null,
      language: 'en',
    });
    expect(
      groups.map((g) => [g.label, g.propertyType.CodeValue, g.propertyCategory.CodeValue]),
    ).toEqual([
      ['Tumour', PROPERTY.tumour.CodeValue, CATEGORY.morphologicallyAbnormalStructure.CodeValue],
      ['Carcinoma in situ', PROPERTY.region.CodeValue, CATEGORY.tissue.CodeValue],
      ['Unclassified', PROPERTY.region.CodeValue, CATEGORY.tissue.CodeValue],
    ]);
    // Without spacing, nothing is measured.
    expect(groups.every((g) => g.measurements === undefined)).toBe(true);
  });

  it('measures areas in µm² (holes taken out) and lines in µm', () => {
    const { groups } = toAnnGroups([tumourWithHole, necrosis, arrow], CLASSES, {
      spacing: { x: 0.5, y: 0.25 },
      language: 'en',
    });
    const values = groups.map((g) => [
      g.measurements?.[0]?.unit.CodeValue,
      Array.from(g.measurements?.[0]?.values ?? []),
    ]);
    const hole = 0.5 * 50 * 50;
    expect(values).toEqual([
      ['um2', [Math.fround((200 * 200 - hole) * 0.5 * 0.25)]],
      ['um2', [Math.fround(40 * 30 * 0.5 * 0.25)]],
      ['um', [Math.fround(Math.hypot(30 * 0.5, 40 * 0.25))]],
    ]);
  });

  it('says nothing is to be saved when only detections are there', () => {
    expect(toAnnGroups([pending, rejected], CLASSES, { spacing: null, language: 'fr' })).toEqual({
      groups: [],
      annotations: 0,
    });
  });
});

describe('DICOM shapes to geometry', () => {
  it('keeps axis-aligned rectangles and ellipses, turns others into polygons', () => {
    const f = (...v: number[]) => new Float32Array(v);
    expect(geometryOfShape('RECTANGLE', f(10, 10, 50, 10, 50, 30, 10, 30))).toEqual(
      box('rectangle', 10, 10, 40, 20),
    );
    const turned = geometryOfShape('RECTANGLE', f(0, 10, 10, 0, 20, 10, 10, 20));
    expect(turned).toEqual({
      type: 'polygon',
      rings: [[p(0, 10), p(10, 0), p(20, 10), p(10, 20)]],
    });
    // Major axis vertical.
    expect(geometryOfShape('ELLIPSE', f(5, 0, 5, 40, 0, 20, 10, 20))).toEqual(
      box('ellipse', 0, 0, 10, 40),
    );
    const diagonal = geometryOfShape('ELLIPSE', f(0, 0, 30, 30, 10, 20, 20, 10));
    expect(diagonal?.type).toBe('polygon');
    if (diagonal?.type === 'polygon') {
      expect(diagonal.rings[0]).toHaveLength(64);
      // Its first vertex is the end of the major axis.
      expect(diagonal.rings[0]![0]!.x).toBeCloseTo(30);
      expect(diagonal.rings[0]![0]!.y).toBeCloseTo(30);
    }
    expect(geometryOfShape('POLYGON', f(0, 0, 1, 1))).toBeNull();
    expect(geometryOfShape('POINT', f(NaN, 1))).toBeNull();
  });

  it('writes rectangles and ellipses in the point order DICOM asks for', () => {
    expect(Array.from(shapesOf(box('rectangle', 1, 2, 3, 4), null)[0]!.points)).toEqual([
      1, 2, 4, 2, 4, 6, 1, 6,
    ]);
    // Major axis first: here the horizontal one.
    expect(Array.from(shapesOf(box('ellipse', 0, 0, 40, 10), null)[0]!.points)).toEqual([
      0, 5, 40, 5, 20, 0, 20, 10,
    ]);
  });

  it('finds the class of a group by code, then by label, in either language', () => {
    const group = (label: string, type = PROPERTY.region) => ({ label, propertyType: type });
    expect(classIdOfGroup(group('anything', ANNOTATION_CLASSES.mitoticFigure.type), CLASSES)).toBe(
      'mitosis',
    );
    expect(classIdOfGroup(group('Carcinoma in situ'), CLASSES)).toBe('user-1');
    expect(classIdOfGroup(group('Autre'), CLASSES)).toBe('other');
    expect(classIdOfGroup(group('Nuclei', PROPERTY.nucleus), CLASSES)).toBeNull();
    expect(classIdOfGroup(group('Tumour', NOTE_CONCEPT.type), CLASSES)).toBeNull();
  });
});
