/**
 * What the AI overlay shows over the open slide and how: detections (held by the
 * annotations slice, which loads every object of the slide), heatmaps, and the DICOM
 * annotation objects of the slide's archive, with per-layer visibility, opacity and the
 * selected object; and the pathologist's review of detections.
 *
 * Reviewing a detection changes that one record of `annotations` in place (an accepted
 * detection becomes an annotation, which the annotation overlay then draws): reloading
 * 100,000 objects for one click would take seconds and clear the undo history.
 */
import type {
  Annotation,
  ArgsOf,
  ArchiveAnnotationObject,
  DetectionStatus,
  Heatmap,
} from '../../../electron/common/contract';
import type { Outcome } from './archivesSlice';
import type { ErrorInfo, LoadStatus, SliceCreator } from './types';
import { errorInfo } from './types';

/** What the selected object is: a detection (annotation id) or an archive object's shape. */
export type AiSelection =
  | { source: 'detection'; id: string }
  | { source: 'archive'; sopInstanceUID: string; group: number; shape: number };

export interface AiOverlaySlice {
  /** The slide whose heatmaps and archive objects are loaded. */
  aiSlideId: string | null;
  heatmaps: readonly Heatmap[];
  heatmapsStatus: LoadStatus;
  archiveObjects: readonly ArchiveAnnotationObject[];
  /** 'idle' until asked: reading the archive's objects costs a few requests. */
  archiveObjectsStatus: LoadStatus;
  archiveObjectsError: ErrorInfo | null;
  /** Archive objects drawn (by SOP Instance UID); others' current objects are, at first. */
  shownArchiveObjects: readonly string[];
  /** Layers (aiLayers.ts keys) not drawn. */
  hiddenAiLayers: readonly string[];
  hiddenHeatmaps: readonly string[];
  /** 0..1, detections and archive objects. */
  aiOpacity: number;
  heatmapOpacity: number;
  /** Rejected detections are drawn (grey) only when asked. */
  showRejected: boolean;
  aiSelection: AiSelection | null;
  /** Heatmaps of the slide, and its archive objects when it comes from an archive. */
  loadAiOverlay: (slideId: string, fromArchive: boolean) => Promise<void>;
  loadArchiveObjects: () => Promise<void>;
  /** "Save to archive": the slide's annotations as a DICOM annotation object. */
  saveToArchive: () => Promise<
    Outcome<{ result: 'stored' | 'queued'; instanceNumber: number; annotations: number }>
  >;
  /** Accepts, rejects or resets one detection; returns why it failed, or null. */
  reviewDetection: (id: string, status: DetectionStatus) => Promise<ErrorInfo | null>;
  deleteHeatmap: (id: string) => Promise<ErrorInfo | null>;
  /** Adds a heatmap to the open slide (PNG as base64, or a grid); shown at once. */
  importHeatmap: (heatmap: Omit<ArgsOf<'importHeatmap'>, 'slideId'>) => Promise<Outcome<Heatmap>>;
  toggleAiLayer: (key: string) => void;
  toggleHeatmap: (id: string) => void;
  toggleArchiveObject: (sopInstanceUID: string) => void;
  setAiOpacity: (value: number) => void;
  setHeatmapOpacity: (value: number) => void;
  setShowRejected: (show: boolean) => void;
  selectAi: (selection: AiSelection | null) => void;
}

/** Detections at 80 %: the tissue under a marker stays readable. */
const DEFAULT_OPACITY = 0.8;
/** Heatmaps at half: the probability is read over the tissue, not instead of it. */
const DEFAULT_HEATMAP_OPACITY = 0.5;

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
const toggled = (list: readonly string[], key: string) =>
  list.includes(key) ? list.filter((k) => k !== key) : [...list, key];

/** The objects drawn at first: others' (an AI's, a colleague's) latest, not our own copy. */
export function initiallyShown(objects: readonly ArchiveAnnotationObject[]): string[] {
  return objects.filter((o) => !o.savedHere && !o.superseded).map((o) => o.sopInstanceUID);
}

export const createAiOverlaySlice: SliceCreator<AiOverlaySlice> =
  ({ api }) =>
  (set, get) => {
    let request = 0;
    return {
      aiSlideId: null,
      heatmaps: [],
      heatmapsStatus: 'idle',
      archiveObjects: [],
      archiveObjectsStatus: 'idle',
      archiveObjectsError: null,
      shownArchiveObjects: [],
      hiddenAiLayers: [],
      hiddenHeatmaps: [],
      aiOpacity: DEFAULT_OPACITY,
      heatmapOpacity: DEFAULT_HEATMAP_OPACITY,
      showRejected: false,
      aiSelection: null,

      loadAiOverlay: async (slideId, fromArchive) => {
        const mine = ++request;
        if (get().aiSlideId !== slideId) {
          set({
            aiSlideId: slideId,
            heatmaps: [],
            archiveObjects: [],
            archiveObjectsStatus: 'idle',
            archiveObjectsError: null,
            shownArchiveObjects: [],
            hiddenHeatmaps: [],
            aiSelection: null,
          });
        }
        set({ heatmapsStatus: 'loading' });
        const archive = fromArchive ? get().loadArchiveObjects() : Promise.resolve();
        try {
          const heatmaps = await api.listHeatmaps({ slideId });
          if (mine === request) set({ heatmaps, heatmapsStatus: 'ready' });
        } catch (e) {
          if (mine === request) set({ heatmapsStatus: 'error' });
          get().reportError('annotations', e);
        }
        await archive;
      },

      loadArchiveObjects: async () => {
        const slideId = get().aiSlideId;
        if (!slideId) return;
        set({ archiveObjectsStatus: 'loading', archiveObjectsError: null });
        try {
          const objects = await api.listArchiveAnnotations({ slideId });
          if (get().aiSlideId !== slideId) return;
          const known = new Set(get().archiveObjects.map((o) => o.sopInstanceUID));
          // Keep the user's choices; objects new since the last look follow the rule.
          const kept = get().shownArchiveObjects.filter((s) => known.has(s));
          const fresh = initiallyShown(objects.filter((o) => !known.has(o.sopInstanceUID)));
          set({
            archiveObjects: objects,
            archiveObjectsStatus: 'ready',
            shownArchiveObjects: [...kept, ...fresh],
          });
        } catch (e) {
          if (get().aiSlideId === slideId)
            set({ archiveObjectsStatus: 'error', archiveObjectsError: errorInfo(e) });
        }
      },

      saveToArchive: async () => {
        const slideId = get().annotationSlideId;
        if (!slideId)
          return { ok: false, error: { code: 'invalid_argument', message: 'No slide' } };
        try {
          // What the pathologist just drew must be in the engine before it is read.
          await get().annotationsSettled();
          const saved = await api.saveAnnotationsToArchive({ slideId });
          if (saved.result === 'stored' && get().archiveObjectsStatus !== 'idle')
            void get().loadArchiveObjects();
          return {
            ok: true,
            value: {
              result: saved.result,
              instanceNumber: saved.instanceNumber,
              annotations: saved.annotations,
            },
          };
        } catch (e) {
          return { ok: false, error: errorInfo(e) };
        }
      },

      reviewDetection: async (id, status) => {
        try {
          await api.setDetectionStatus({ ids: [id], status });
        } catch (e) {
          return errorInfo(e);
        }
        const list = get().annotations;
        const at = list.findIndex((a) => a.id === id);
        if (at >= 0) {
          const next = [...list];
          const record: Annotation = {
            ...list[at]!,
            detectionStatus: status,
            objectType: status === 'accepted' ? 'annotation' : 'detection',
            updatedAt: new Date().toISOString(),
          };
          next[at] = record;
          set({ annotations: next });
        }
        if (status === 'accepted') {
          // It is an annotation now: the annotation tools show and edit it.
          set({ aiSelection: null });
          get().selectAnnotation(id);
        }
        return null;
      },

      deleteHeatmap: async (id) => {
        try {
          await api.deleteHeatmap({ id });
        } catch (e) {
          return errorInfo(e);
        }
        set({ heatmaps: get().heatmaps.filter((h) => h.id !== id) });
        return null;
      },

      importHeatmap: async (heatmap) => {
        const slideId = get().aiSlideId;
        if (!slideId)
          return { ok: false, error: { code: 'invalid_argument', message: 'No slide' } };
        try {
          const added = await api.importHeatmap({ ...heatmap, slideId });
          if (get().aiSlideId === slideId) {
            set({
              heatmaps: [...get().heatmaps, added],
              hiddenHeatmaps: get().hiddenHeatmaps.filter((h) => h !== added.id),
            });
          }
          return { ok: true, value: added };
        } catch (e) {
          return { ok: false, error: errorInfo(e) };
        }
      },

      toggleAiLayer: (key) => set({ hiddenAiLayers: toggled(get().hiddenAiLayers, key) }),
      toggleHeatmap: (id) => set({ hiddenHeatmaps: toggled(get().hiddenHeatmaps, id) }),
      toggleArchiveObject: (sop) =>
        set({ shownArchiveObjects: toggled(get().shownArchiveObjects, sop) }),
      setAiOpacity: (value) => set({ aiOpacity: clamp01(value) }),
      setHeatmapOpacity: (value) => set({ heatmapOpacity: clamp01(value) }),
      setShowRejected: (show) => set({ showRejected: show }),
      selectAi: (selection) => {
        set({ aiSelection: selection });
        if (selection) get().selectAnnotation(null);
      },
    };
  };
