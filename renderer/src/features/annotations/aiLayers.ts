/**
 * The layers of the AI overlay, from the store: detections waiting for review by class,
 * rejected detections (one grey layer, shown on request), and each group of the archive's
 * annotation objects. Pure. The scene (objects and their grid index) is rebuilt only when
 * the objects change; visibility is read per frame, so toggles cost nothing.
 */
import type {
  Annotation,
  AnnotationClass,
  ArchiveAnnotationObject,
} from '../../../../electron/common/contract';
import type { AiSelection } from '../../state/aiOverlaySlice';
import type { DetectionIndex, OverlayObject } from './aiOverlay';
import { buildIndex } from './aiOverlay';
import { NO_CLASS_COLOUR } from './controller';

/** Rejected detections: neutral grey, told apart from every class colour. */
export const REJECTED_COLOUR = '#9e9e9e';
/** Archive groups whose class is unknown here (Tableau 20 hues the built-in classes do not use). */
const GROUP_COLOURS = [
  '#e377c2',
  '#bcbd22',
  '#9467bd',
  '#8c564b',
  '#aec7e8',
  '#98df8a',
  '#ff9896',
  '#c5b0d5',
];

export interface AiLayer {
  key: string;
  colour: string;
  source: 'detection' | 'rejected' | 'archive';
  /** The class it stands for (detections; archive groups whose class is known). */
  classId: string | null;
  /** An archive group's own label. */
  label: string | null;
  /** The archive object it belongs to. */
  sopInstanceUID: string | null;
  count: number;
}

export interface AiScene {
  layers: AiLayer[];
  index: DetectionIndex;
  /** Object index by id (built when first asked: a selection). */
  positionOf(id: string): number;
}

export const detectionLayerKey = (classId: string | null) => `det:${classId ?? ''}`;
export const REJECTED_LAYER = 'det:rejected';
export const archiveLayerKey = (sop: string, group: number) => `arc:${sop}:${group}`;
const archiveObjectId = (sop: string, group: number, shape: number) =>
  `arc|${sop}|${group}|${shape}`;

/** The selection an object of the scene stands for. */
export function selectionOf(id: string): AiSelection {
  if (!id.startsWith('arc|')) return { source: 'detection', id };
  const [, sop = '', group = '0', shape = '0'] = id.split('|');
  return { source: 'archive', sopInstanceUID: sop, group: Number(group), shape: Number(shape) };
}

export function idOfSelection(s: AiSelection): string {
  return s.source === 'detection' ? s.id : archiveObjectId(s.sopInstanceUID, s.group, s.shape);
}

export function buildScene(
  annotations: readonly Annotation[],
  archiveObjects: readonly ArchiveAnnotationObject[],
  classes: readonly AnnotationClass[],
): AiScene {
  const colours = new Map(classes.map((c) => [c.id, c.colour]));
  const layers: AiLayer[] = [];
  const layerAt = new Map<string, number>();
  const objects: OverlayObject[] = [];
  const layer = (key: string, make: () => Omit<AiLayer, 'key' | 'count'>) => {
    let at = layerAt.get(key);
    if (at === undefined) {
      at = layers.length;
      layers.push({ key, count: 0, ...make() });
      layerAt.set(key, at);
    }
    layers[at]!.count++;
    return at;
  };
  for (const a of annotations) {
    if (a.objectType !== 'detection') continue;
    const at =
      a.detectionStatus === 'rejected'
        ? layer(REJECTED_LAYER, () => ({
            colour: REJECTED_COLOUR,
            source: 'rejected',
            classId: null,
            label: null,
            sopInstanceUID: null,
          }))
        : layer(detectionLayerKey(a.classId), () => ({
            colour: (a.classId && colours.get(a.classId)) || NO_CLASS_COLOUR,
            source: 'detection',
            classId: a.classId,
            label: null,
            sopInstanceUID: null,
          }));
    objects.push({ id: a.id, layer: at, geometry: a.geometry });
  }
  let unknown = 0;
  for (const o of archiveObjects) {
    o.groups.forEach((g, gi) => {
      const key = archiveLayerKey(o.sopInstanceUID, gi);
      const colour =
        (g.classId && colours.get(g.classId)) || GROUP_COLOURS[unknown++ % GROUP_COLOURS.length]!;
      g.geometries.forEach((geometry, si) => {
        const at = layer(key, () => ({
          colour,
          source: 'archive',
          classId: g.classId,
          label: g.label,
          sopInstanceUID: o.sopInstanceUID,
        }));
        objects.push({ id: archiveObjectId(o.sopInstanceUID, gi, si), layer: at, geometry });
      });
    });
  }
  const index = buildIndex(objects);
  let positions: Map<string, number> | null = null;
  return {
    layers,
    index,
    positionOf(id) {
      positions ??= new Map(objects.map((o, i) => [o.id, i]));
      return positions.get(id) ?? -1;
    },
  };
}

/** Which layers are drawn, in scene order. */
export function layerVisibility(
  layers: readonly AiLayer[],
  hidden: readonly string[],
  showRejected: boolean,
  shownArchiveObjects: readonly string[],
): boolean[] {
  const off = new Set(hidden);
  const shown = new Set(shownArchiveObjects);
  return layers.map((l) => {
    if (off.has(l.key)) return false;
    if (l.source === 'rejected') return showRejected;
    if (l.source === 'archive') return shown.has(l.sopInstanceUID ?? '');
    return true;
  });
}

/** A one-entry cache keyed on the identity of its inputs (the store's immutable arrays). */
export function memoOne<A extends readonly unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: { args: A; value: R } | null = null;
  return (...args: A) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i]))
      return last.value;
    const value = fn(...args);
    last = { args, value };
    return value;
  };
}
