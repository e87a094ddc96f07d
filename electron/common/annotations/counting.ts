/**
 * Counting inside an area: how many points of a class (mitoses, say) lie in a chosen
 * rectangle, ellipse or polygon, the area in mm², the density per mm², and the count per
 * 10 high-power fields of a given field diameter.
 */
import type { Annotation } from './model';
import type { AreaGeometry, Ring, SlidePoint } from './geometry';
import { boundsOf, polygonsOf } from './geometry';
import type { Spacing } from './measure';
import { measure } from './measure';

/**
 * Default field diameter of one high-power field, in mm: a 40× objective under a 10×
 * eyepiece of field number 22 (field diameter = field number / objective magnification =
 * 22 mm / 40), the usual configuration of current laboratory microscopes. One field is
 * π × 0.275² ≈ 0.2376 mm², ten fields ≈ 2.38 mm². Grading systems state their mitotic
 * thresholds for a field diameter (Elston & Ellis, Histopathology 1991, table of cut-offs
 * for 0.40 to 0.69 mm, reproduced in the WHO Classification of Breast Tumours): set the
 * diameter in Settings to the one the thresholds in use were calibrated for.
 */
export const DEFAULT_HPF_FIELD_DIAMETER_MM = 0.55;
/** Field diameters accepted in Settings, in mm (the range of the Elston & Ellis table, widened). */
export const HPF_FIELD_DIAMETER_MM = { min: 0.3, max: 1, default: DEFAULT_HPF_FIELD_DIAMETER_MM };

/** Area of one high-power field of diameter `diameterMm`, in mm². */
export function hpfAreaMm2(diameterMm: number): number {
  return Math.PI * (diameterMm / 2) ** 2;
}

/** Whether `p` lies inside `ring` (even-odd rule; points on an edge may fall either side). */
function insideRing(p: SlidePoint, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}

/** Whether `p` lies inside an area geometry; a point in a hole is outside. */
export function containsPoint(area: AreaGeometry, p: SlidePoint): boolean {
  switch (area.type) {
    case 'rectangle':
      return (
        p.x >= area.x && p.x <= area.x + area.width && p.y >= area.y && p.y <= area.y + area.height
      );
    case 'ellipse': {
      const a = area.width / 2;
      const b = area.height / 2;
      if (a === 0 || b === 0) return false;
      const dx = (p.x - (area.x + a)) / a;
      const dy = (p.y - (area.y + b)) / b;
      return dx * dx + dy * dy <= 1;
    }
    case 'polygon':
    case 'multipolygon':
      return polygonsOf(area).some(
        ([outline, ...holes]) =>
          outline !== undefined && insideRing(p, outline) && !holes.some((h) => insideRing(p, h)),
      );
  }
}

export interface CountSummary {
  count: number;
  /** The area counted in, in level-0 pixels². */
  areaPx2: number;
  /** The area in mm²; null when the slide's spacing is unknown. */
  areaMm2: number | null;
  /** Count per mm²; null when the spacing is unknown or the area is empty. */
  densityPerMm2: number | null;
  /** Count per 10 high-power fields of `fieldDiameterMm`; null like the density. */
  per10Hpf: number | null;
  fieldDiameterMm: number;
  hpfAreaMm2: number;
  spacingKnown: boolean;
}

/** Counts `points` inside `area`, on a slide of `spacing`, for fields of `fieldDiameterMm`. */
export function countInArea(
  points: Iterable<SlidePoint>,
  area: AreaGeometry,
  spacing: Spacing,
  fieldDiameterMm: number = DEFAULT_HPF_FIELD_DIAMETER_MM,
): CountSummary {
  const box = boundsOf(area);
  let count = 0;
  for (const p of points) {
    if (p.x < box.minX || p.x > box.maxX || p.y < box.minY || p.y > box.maxY) continue;
    if (containsPoint(area, p)) count++;
  }
  const areaPx2 = measure(area, null).area ?? 0;
  const areaUm2 = spacing ? (measure(area, spacing).area ?? 0) : null;
  const areaMm2 = areaUm2 === null ? null : areaUm2 / 1e6;
  const hpf = hpfAreaMm2(fieldDiameterMm);
  const densityPerMm2 = areaMm2 ? count / areaMm2 : null;
  return {
    count,
    areaPx2,
    areaMm2,
    densityPerMm2,
    per10Hpf: densityPerMm2 === null ? null : densityPerMm2 * 10 * hpf,
    fieldDiameterMm,
    hpfAreaMm2: hpf,
    spacingKnown: spacing !== null,
  };
}

/** Every point of the point annotations of `classId` (detections under review do not count). */
export function* classPoints(
  annotations: Iterable<Annotation>,
  classId: string,
): Generator<SlidePoint> {
  for (const a of annotations) {
    if (a.classId !== classId || a.objectType !== 'annotation' || a.kind !== 'point') continue;
    if (a.geometry.type === 'point') yield a.geometry.point;
    else if (a.geometry.type === 'multipoint') yield* a.geometry.points;
  }
}

/** Counts the points of class `classId` inside `area` (the count tool's summary). */
export function countClassInArea(
  annotations: Iterable<Annotation>,
  classId: string,
  area: AreaGeometry,
  spacing: Spacing,
  fieldDiameterMm: number = DEFAULT_HPF_FIELD_DIAMETER_MM,
): CountSummary {
  return countInArea(classPoints(annotations, classId), area, spacing, fieldDiameterMm);
}
