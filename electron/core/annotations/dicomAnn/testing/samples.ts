/**
 * Annotation groups with every graphic type, measurements with gaps, an algorithm's group
 * and text beyond ASCII, for the codec's tests. Test-only code.
 */
import {
  ANNOTATION_CLASSES,
  CATEGORY,
  MEASUREMENT,
  PRIVATE_SCHEME,
  PROPERTY,
  UNIT,
} from '../codes';
import type { AnnGroup } from '../types';

const pts = (...xy: number[]) => ({ points: new Float32Array(xy) });

export function sampleGroups(): AnnGroup[] {
  return [
    {
      uid: '2.25.1001',
      label: 'Tumeur infiltrante',
      description: 'Zone tumorale délimitée à main levée',
      propertyCategory: ANNOTATION_CLASSES.tumour.category,
      propertyType: ANNOTATION_CLASSES.tumour.type,
      graphicType: 'POLYGON',
      annotations: [
        pts(10.25, 20.5, 110, 20.5, 110, 120.75),
        pts(200, 200, 300, 200, 300, 300, 200, 300),
        pts(500.5, 400.5, 600, 420, 610.125, 480, 520, 470, 505, 450),
      ],
      measurements: [
        {
          name: MEASUREMENT.area,
          unit: UNIT.squareMicrometre,
          values: new Float32Array([625.5, NaN, 1200]),
        },
      ],
    },
    {
      uid: '2.25.1002',
      label: 'Mitoses',
      propertyCategory: ANNOTATION_CLASSES.mitoticFigure.category,
      propertyType: ANNOTATION_CLASSES.mitoticFigure.type,
      graphicType: 'POINT',
      annotations: [pts(0.5, 0.5), pts(1023.5, 767.5), pts(512, 384)],
    },
    {
      uid: '2.25.1003',
      label: 'Marge',
      propertyCategory: ANNOTATION_CLASSES.margin.category,
      propertyType: ANNOTATION_CLASSES.margin.type,
      graphicType: 'POLYLINE',
      annotations: [pts(0, 700, 300, 650, 700, 690, 1024, 640), pts(5, 5, 50, 50)],
      measurements: [
        {
          name: MEASUREMENT.length,
          unit: UNIT.micrometre,
          values: new Float32Array([260.25, 15.5]),
        },
      ],
    },
    {
      uid: '2.25.1004',
      label: 'Nécrose',
      propertyCategory: ANNOTATION_CLASSES.necrosis.category,
      propertyType: ANNOTATION_CLASSES.necrosis.type,
      graphicType: 'ELLIPSE',
      annotations: [pts(100, 300, 200, 300, 150, 280, 150, 320)],
    },
    {
      uid: '2.25.1005',
      label: 'Cellules détectées',
      generationType: 'AUTOMATIC',
      algorithm: {
        name: 'Détecteur de noyaux',
        version: '2.1',
        family: {
          CodeValue: 'AI',
          CodingSchemeDesignator: PRIVATE_SCHEME.designator,
          CodeMeaning: 'Artificial intelligence model',
        },
      },
      propertyCategory: CATEGORY.cell,
      propertyType: PROPERTY.nucleus,
      graphicType: 'RECTANGLE',
      annotations: [pts(10, 10, 20, 10, 20, 20, 10, 20), pts(30, 40, 50, 40, 50, 60, 30, 60)],
    },
  ];
}
