import { describe, expect, it } from 'vitest';
import type { Annotation, AnnotationClass, Geometry } from '../../common/annotations';
import { BUILT_IN_CLASSES, measure, slidePoint } from '../../common/annotations';
import { slidePx } from '../../common/pyramid';
import { ELLIPSE_EXPORT_VERTICES, exportGeoJson, parseGeoJson } from './geojson';

const FRAME = { width: 80_000, height: 60_000 };
const MANY = 100_000;

const fc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (geometry: unknown, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry,
  properties: { objectType: 'annotation', ...properties },
});
const square = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const parse = (text: string) => parseGeoJson(text, FRAME, MANY);
const parseError = (text: string) => {
  try {
    parse(text);
  } catch (e) {
    expect((e as { code?: string }).code).toBe('invalid_argument');
    return (e as Error).message;
  }
  throw new Error('expected the import to fail');
};

/** What QuPath 0.5 writes for a tumour region with a hole, a points object and a cell. */
const QUPATH_EXPORT = `{
  "type": "FeatureCollection",
  "features": [
    {
      "type": "Feature",
      "id": "0a9a4a5c-5d4f-4a0e-8d7e-1b2c3d4e5f60",
      "geometry": {
        "type": "Polygon",
        "coordinates": [
          [[1000, 1000], [5000, 1000], [5000, 4000], [1000, 4000], [1000, 1000]],
          [[2000, 2000], [3000, 2000], [3000, 3000], [2000, 3000], [2000, 2000]]
        ]
      },
      "properties": {
        "objectType": "annotation",
        "name": "Zone invasive",
        "classification": { "name": "Tumor", "color": [200, 0, 0] },
        "isLocked": true,
        "measurements": { "Area µm^2": 1, "Num Detections": 12 }
      }
    },
    {
      "type": "Feature",
      "id": "1b9a4a5c-5d4f-4a0e-8d7e-1b2c3d4e5f61",
      "geometry": { "type": "MultiPoint", "coordinates": [[1500, 1500], [1600, 1650.5]] },
      "properties": {
        "objectType": "annotation",
        "classification": { "name": "Mitosis", "color": [255, 215, 0] }
      }
    },
    {
      "type": "Feature",
      "id": "2b9a4a5c-5d4f-4a0e-8d7e-1b2c3d4e5f62",
      "geometry": {
        "type": "MultiPolygon",
        "coordinates": [
          [[[100, 100], [200, 100], [200, 200], [100, 100]]],
          [[[300, 300], [400, 300], [400, 400], [300, 300]]]
        ]
      },
      "properties": {
        "objectType": "cell",
        "classification": { "names": ["Tumor", "Positive"], "color": [200, 50, 50] },
        "measurements": { "Nucleus: Area µm^2": 31.5, "Nucleus: Circularity": NaN }
      }
    },
    {
      "type": "Feature",
      "geometry": { "type": "LineString", "coordinates": [[0, 0], [300, 400]] },
      "properties": { "objectType": "annotation", "classification": { "name": "Margin", "colorRGB": -16744448 } }
    }
  ]
}`;

describe('QuPath GeoJSON import', () => {
  it('reads what QuPath writes: holes, multipolygons, points, lines, classes, measurements, NaN', () => {
    const [region, points, cell, line] = parse(QUPATH_EXPORT);
    expect(region).toMatchObject({
      kind: 'polygon',
      objectType: 'annotation',
      detectionStatus: null,
      name: 'Zone invasive',
      classification: { name: 'Tumor', colour: '#c80000' },
      // Shape measurements are recomputed on export; the others are kept.
      measurements: { 'Num Detections': 12 },
    });
    expect(region!.geometry).toEqual({
      type: 'polygon',
      rings: [
        [
          slidePoint(1000, 1000),
          slidePoint(5000, 1000),
          slidePoint(5000, 4000),
          slidePoint(1000, 4000),
        ],
        [
          slidePoint(2000, 2000),
          slidePoint(3000, 2000),
          slidePoint(3000, 3000),
          slidePoint(2000, 3000),
        ],
      ],
    });
    expect(points).toMatchObject({
      kind: 'point',
      geometry: { type: 'multipoint', points: [slidePoint(1500, 1500), slidePoint(1600, 1650.5)] },
    });
    expect(cell).toMatchObject({
      kind: 'polygon',
      objectType: 'detection',
      detectionStatus: 'pending',
      classification: { name: 'Tumor: Positive', colour: '#c83232' },
      measurements: { 'Nucleus: Area µm^2': 31.5 },
    });
    expect(cell!.geometry.type).toBe('multipolygon');
    expect(line).toMatchObject({
      kind: 'line',
      geometry: { type: 'polyline' },
      classification: { name: 'Margin', colour: '#008000' },
    });
  });

  it('reads a single Feature, a bare array of Features, QuPath 0.2 measurement lists and no properties', () => {
    const point = { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2, 0] } };
    expect(parse(JSON.stringify(point))).toHaveLength(1);
    const [a, b] = parse(
      JSON.stringify([
        point,
        feature(
          { type: 'Point', coordinates: [3, 4] },
          {
            objectType: 'detection',
            measurements: [{ name: 'Probability', value: 0.93 }],
            classification: 'Mitosis',
          },
        ),
      ]),
    );
    expect(a).toMatchObject({ objectType: 'annotation', classification: null, name: '' });
    expect(b).toMatchObject({
      objectType: 'detection',
      measurements: { Probability: 0.93 },
      classification: { name: 'Mitosis', colour: null },
    });
  });

  it('names the feature and what is wrong with it', () => {
    const good = feature({ type: 'Point', coordinates: [1, 1] });
    const cases: [unknown, RegExp][] = [
      [
        feature({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
            ],
          ],
        }),
        /^feature 2 \(features\[1\]\): Polygon ring 1 has 2 positions \(needs at least 4\)$/,
      ],
      [
        feature({ type: 'Point', coordinates: [120_000, 5] }),
        /^feature 2 \(features\[1\]\): coordinates outside the slide \(120000, 5\) for a slide of 80000×60000$/,
      ],
      [feature({ type: 'Point', coordinates: [-0.5, 5] }), /outside the slide \(-0\.5, 5\)/],
      [feature({ type: 'Point', coordinates: [1, null] }), /not a finite number \(\[1,null\]\)/],
      [feature({ type: 'Point', coordinates: [1, '2'] }), /not a finite number/],
      [feature({ type: 'Point', coordinates: [1] }), /the Point is not a position \[x, y\]/],
      [feature({ type: 'Circle', coordinates: [1, 1] }), /unknown geometry type "Circle"/],
      [
        feature({ type: 'GeometryCollection', geometries: [] }),
        /GeometryCollection is not supported/,
      ],
      [feature(null), /it has no geometry/],
      [
        feature({
          type: 'Polygon',
          coordinates: [
            square(0, 0, 10)
              .slice(0, 4)
              .concat([[1, 1]]),
          ],
        }),
        /Polygon ring 1 is not closed/,
      ],
      [
        feature({ type: 'Polygon', coordinates: [square(0, 0, 10), [[1, 1]]] }),
        /Polygon ring 2 has 1 position \(needs at least 4\)/,
      ],
      [
        feature({ type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], []] }),
        /MultiPolygon polygon 2 has no rings/,
      ],
      [
        feature({ type: 'LineString', coordinates: [[1, 1]] }),
        /LineString has 1 position \(needs at least 2\)/,
      ],
      [feature({ type: 'MultiPoint', coordinates: [] }), /MultiPoint has 0 positions/],
      [
        feature({ type: 'Point', coordinates: [1, 1] }, { objectType: 'tmaCore' }),
        /objectType "tmaCore" is not supported/,
      ],
      [
        feature({ type: 'Point', coordinates: [1, 1] }, { classification: { color: [1, 2, 3] } }),
        /its classification has no name/,
      ],
      [
        feature({ type: 'Point', coordinates: [1, 1] }, { measurements: { Score: 'high' } }),
        /measurement "Score" is not a number/,
      ],
      [feature({ type: 'Point', coordinates: [1, 1] }, { name: 42 }), /its name is not a string/],
      [{ type: 'Geometry' }, /it is not a GeoJSON Feature/],
    ];
    for (const [bad, message] of cases) {
      expect(parseError(fc(good, bad))).toMatch(message);
    }
  });

  it('refuses what is not GeoJSON, and too many features, before reading any', () => {
    expect(parseError('{"type": "FeatureCollection", "features": [')).toMatch(
      /^The file is not valid JSON \(/,
    );
    expect(parseError('{"type": "Topology"}')).toMatch(/its type is "Topology"/);
    expect(parseError('{"type": "FeatureCollection"}')).toMatch(/no "features" array/);
    const three = fc(
      ...Array.from({ length: 3 }, () => feature({ type: 'Point', coordinates: [1, 1] })),
    );
    expect(() => parseGeoJson(three, FRAME, 2)).toThrow(
      'Too many features: the file has 3, and this slide can take 2 more.',
    );
  });
});

function annotation(
  id: string,
  kind: Annotation['kind'],
  geometry: Geometry,
  extra: Partial<Annotation> = {},
): Annotation {
  return {
    id,
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
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const box = (x: number, y: number, w: number, h: number) => ({
  x: slidePx(x),
  y: slidePx(y),
  width: slidePx(w),
  height: slidePx(h),
});

const USER_CLASS: AnnotationClass = {
  id: 'user-1',
  colour: '#123456',
  names: { fr: 'Carcinome in situ', en: 'Carcinoma in situ' },
  builtIn: false,
};
const CLASSES = [...BUILT_IN_CLASSES, USER_CLASS];

/** One of each kind, with fractional coordinates, holes, a class of each sort and statuses. */
const ALL_KINDS: Annotation[] = [
  annotation(
    'p1',
    'point',
    { type: 'point', point: slidePoint(10.25, 20.75) },
    { classId: 'mitosis' },
  ),
  annotation('p2', 'point', {
    type: 'multipoint',
    points: [slidePoint(1, 1), slidePoint(2.5, 3.5)],
  }),
  annotation('l1', 'line', {
    type: 'polyline',
    points: [slidePoint(0.1, 0.2), slidePoint(300.1, 400.2)],
  }),
  annotation('a1', 'arrow', { type: 'polyline', points: [slidePoint(5, 5), slidePoint(50, 60)] }),
  annotation(
    'r1',
    'rectangle',
    { type: 'rectangle', ...box(0.1, 0.2, 79_999.7, 0.2) },
    {
      classId: 'margin',
    },
  ),
  annotation(
    'e1',
    'ellipse',
    { type: 'ellipse', ...box(79_000, 59_000, 1000, 1000) },
    {
      classId: 'user-1',
      name: 'CIS',
    },
  ),
  annotation(
    'g1',
    'polygon',
    {
      type: 'polygon',
      rings: [
        [slidePoint(0, 0), slidePoint(100.5, 0), slidePoint(100.5, 100), slidePoint(0, 100)],
        [slidePoint(10, 10), slidePoint(20, 10), slidePoint(20, 20)],
      ],
    },
    { classId: 'tumour', measurements: { 'Num Detections': 3 } },
  ),
  annotation('f1', 'freehand', {
    type: 'multipolygon',
    polygons: [
      [[slidePoint(0, 0), slidePoint(1, 0), slidePoint(1, 1)]],
      [[slidePoint(5, 5), slidePoint(6, 5), slidePoint(6, 6)]],
    ],
  }),
  annotation('f2', 'freehand', {
    type: 'polyline',
    points: [slidePoint(1, 1), slidePoint(2, 3), slidePoint(4, 2)],
  }),
  annotation(
    't1',
    'text',
    { type: 'point', point: slidePoint(7, 8) },
    {
      text: 'Emboles ?\nÀ revoir',
      name: 'Note',
    },
  ),
  annotation(
    'd1',
    'polygon',
    { type: 'polygon', rings: [[slidePoint(1, 1), slidePoint(9, 1), slidePoint(5, 7)]] },
    {
      objectType: 'detection',
      detectionStatus: 'pending',
      classId: 'mitosis',
      measurements: { Probability: 0.87 },
    },
  ),
  annotation(
    'd2',
    'point',
    { type: 'point', point: slidePoint(3, 3) },
    {
      objectType: 'annotation',
      detectionStatus: 'accepted',
    },
  ),
  annotation(
    'd3',
    'point',
    { type: 'point', point: slidePoint(4, 4) },
    {
      objectType: 'detection',
      detectionStatus: 'rejected',
    },
  ),
];

describe('QuPath GeoJSON export', () => {
  const SPACING = { x: 0.25, y: 0.5 };

  it('writes what QuPath reads: objectType, classification {name, color}, its measurement names', () => {
    const doc = JSON.parse(exportGeoJson(ALL_KINDS, CLASSES, SPACING)) as {
      type: string;
      features: {
        id: string;
        geometry: { type: string; coordinates: unknown };
        properties: Record<string, unknown>;
      }[];
    };
    expect(doc.type).toBe('FeatureCollection');
    const byId = new Map(doc.features.map((f) => [f.id, f]));
    expect(byId.get('g1')!.properties).toEqual({
      objectType: 'annotation',
      classification: { name: 'Tumour', color: [214, 39, 40] },
      measurements: {
        'Area µm^2': measure(ALL_KINDS[6]!.geometry, SPACING).area,
        'Perimeter µm': measure(ALL_KINDS[6]!.geometry, SPACING).perimeter,
        'Num Detections': 3,
      },
      metadata: { 'workstation.kind': 'polygon' },
    });
    expect(byId.get('g1')!.geometry.coordinates).toEqual([
      [
        [0, 0],
        [100.5, 0],
        [100.5, 100],
        [0, 100],
        [0, 0],
      ],
      [
        [10, 10],
        [20, 10],
        [20, 20],
        [10, 10],
      ],
    ]);
    expect(byId.get('l1')!.properties.measurements).toEqual({
      'Length µm': expect.any(Number) as number,
    });
    expect(byId.get('r1')!.geometry.type).toBe('Polygon');
    expect(byId.get('e1')!.geometry.type).toBe('Polygon');
    expect((byId.get('e1')!.geometry.coordinates as unknown[][])[0]).toHaveLength(
      ELLIPSE_EXPORT_VERTICES + 1,
    );
    expect(byId.get('e1')!.properties.classification).toEqual({
      name: 'Carcinoma in situ',
      color: [0x12, 0x34, 0x56],
    });
    expect(byId.get('p2')!.geometry).toEqual({
      type: 'MultiPoint',
      coordinates: [
        [1, 1],
        [2.5, 3.5],
      ],
    });
    expect(byId.get('d1')!.properties.objectType).toBe('detection');
    expect(byId.get('d2')!.properties.objectType).toBe('annotation');
  });

  it('uses the pixel names where the spacing is unknown', () => {
    const doc = JSON.parse(exportGeoJson(ALL_KINDS, CLASSES, null)) as {
      features: { id: string; properties: { measurements?: Record<string, number> } }[];
    };
    const g1 = doc.features.find((f) => f.id === 'g1')!;
    expect(Object.keys(g1.properties.measurements ?? {})).toEqual([
      'Area px^2',
      'Perimeter px',
      'Num Detections',
    ]);
    const l1 = doc.features.find((f) => f.id === 'l1')!.properties.measurements;
    expect(Object.keys(l1 ?? {})).toEqual(['Length px']);
    expect(l1?.['Length px']).toBeCloseTo(500, 9);
  });

  it('export then import gives identical geometry, kinds, classes, names, texts and statuses', () => {
    const text = exportGeoJson(ALL_KINDS, CLASSES, { x: 0.25, y: 0.25 });
    const back = parse(text);
    expect(back).toHaveLength(ALL_KINDS.length);
    back.forEach((f, i) => {
      const a = ALL_KINDS[i]!;
      const cls = CLASSES.find((c) => c.id === a.classId);
      expect(f.geometry, a.id).toEqual(a.geometry);
      expect(f.kind, a.id).toBe(a.kind);
      expect(f.classification?.name ?? null, a.id).toBe(cls?.names.en ?? null);
      expect(f.classification?.colour ?? null, a.id).toBe(cls?.colour ?? null);
      expect([f.name, f.text, f.objectType, f.detectionStatus], a.id).toEqual([
        a.name,
        a.text,
        a.objectType,
        a.detectionStatus,
      ]);
      expect(f.measurements, a.id).toEqual(a.measurements);
    });
  });

  it('a rectangle or ellipse edited elsewhere (its box no longer fits) comes back as the polygon it is', () => {
    const doc = JSON.parse(exportGeoJson([ALL_KINDS[5]!], CLASSES, null)) as {
      features: { geometry: { coordinates: number[][][] } }[];
    };
    doc.features[0]!.geometry.coordinates[0]![0] = [78_000, 59_500];
    doc.features[0]!.geometry.coordinates[0]!.push([78_000, 59_500]);
    doc.features[0]!.geometry.coordinates[0]!.splice(-2, 1);
    const [f] = parse(JSON.stringify(doc));
    expect(f).toMatchObject({ kind: 'polygon', geometry: { type: 'polygon' } });
  });
});
