/**
 * The annotations of the open slide, their classes, the active tool and the selection.
 *
 * Saving is immediate: every change is shown at once and sent to the engine at once, in
 * the order it was made (one queue), so nothing is lost if the app is killed and a move
 * never overtakes the create it follows. If the engine refuses a change, the slide is read
 * again (what is stored is what is shown) and the error is shown.
 *
 * Every change goes into the undo history with the records before and after it; undoing
 * a delete saves the deleted record again, with its id (saveAnnotation brings it back).
 */
import type {
  Annotation,
  AnnotationClass,
  AnnotationClassInput,
  AnnotationInput,
} from '../../../electron/common/contract';
import { isAreaGeometry } from '../../../electron/common/annotations/geometry';
import { History } from '../features/annotations/history';
import type { Shape } from '../features/annotations/shapes';
import type { ToolId } from '../features/annotations/tools/types';
import type { ErrorInfo, LoadStatus, SliceCreator } from './types';
import { errorInfo } from './types';

/** What can change on an annotation after it is made. */
export type AnnotationPatch = Partial<
  Pick<Annotation, 'kind' | 'geometry' | 'classId' | 'name' | 'text'>
>;

/** Labels of undo steps (keys of annotations.history in the i18n files). */
export type ChangeLabel = 'create' | 'move' | 'edit' | 'delete' | 'reclass' | 'rename' | 'note';

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: ChangeLabel | null;
  redoLabel: ChangeLabel | null;
}

/** The built-in class counted by default (issue 7: "count mitoses"). */
export const DEFAULT_COUNT_CLASS = 'mitosis';

export interface AnnotationsSlice {
  /** The slide whose annotations are loaded (null: none). */
  annotationSlideId: string | null;
  annotations: readonly Annotation[];
  annotationsStatus: LoadStatus;
  annotationsError: ErrorInfo | null;
  annotationClasses: readonly AnnotationClass[];
  selectedAnnotationId: string | null;
  annotationTool: ToolId;
  /** Class given to new annotations (null: no class). */
  drawClassId: string | null;
  /** Class of the objects the count tool marks. */
  countClassId: string;
  /** The area counted in: the last area selected (or drawn with the count tool). */
  countAreaId: string | null;
  /** Classes not drawn on the slide ('' stands for "no class"). */
  hiddenClassIds: readonly string[];
  annotationPanelOpen: boolean;
  annotationHistory: HistoryState;
  /** Reads the slide's annotations (and the classes the first time); clears the history. */
  loadAnnotations: (slideId: string) => Promise<void>;
  loadAnnotationClasses: () => Promise<void>;
  setAnnotationTool: (tool: ToolId) => void;
  selectAnnotation: (id: string | null) => void;
  /** Adds an annotation to the open slide; returns it at once (it is being saved). */
  createAnnotation: (
    shape: Shape,
    fields?: Partial<Pick<Annotation, 'classId' | 'name' | 'text'>>,
  ) => Annotation | null;
  updateAnnotation: (id: string, patch: AnnotationPatch, label: ChangeLabel) => void;
  deleteAnnotation: (id: string) => void;
  undoAnnotation: () => void;
  redoAnnotation: () => void;
  setDrawClass: (classId: string | null) => void;
  setCountClass: (classId: string) => void;
  toggleClassHidden: (classId: string | null) => void;
  setAnnotationPanelOpen: (open: boolean) => void;
  /** Imports a QuPath GeoJSON text into the open slide: all of it, or nothing and the error. */
  importAnnotations: (
    geojson: string,
  ) => Promise<
    | { ok: true; imported: number; detections: number; classesCreated: number }
    | { ok: false; error: ErrorInfo }
  >;
  /** The open slide's annotations as QuPath GeoJSON. */
  exportAnnotations: () => Promise<string>;
  saveAnnotationClass: (input: AnnotationClassInput) => Promise<AnnotationClass | ErrorInfo>;
  /** Resolves once every change made so far has been answered by the engine. */
  annotationsSettled: () => Promise<void>;
}

const NO_HISTORY: HistoryState = {
  canUndo: false,
  canRedo: false,
  undoLabel: null,
  redoLabel: null,
};

/** The fields of a record that saveAnnotation takes back (author and dates are the engine's). */
export function inputOf(a: Annotation): AnnotationInput {
  return {
    id: a.id,
    slideId: a.slideId,
    kind: a.kind,
    geometry: a.geometry,
    classId: a.classId,
    name: a.name,
    text: a.text,
    measurements: a.measurements,
  };
}

function newId(): string {
  return crypto.randomUUID();
}

export const createAnnotationsSlice: SliceCreator<AnnotationsSlice> =
  ({ api }) =>
  (set, get) => {
    let history = new History<Annotation>();
    let request = 0;
    /** Writes go out one at a time, in the order they were made. */
    let queue: Promise<void> = Promise.resolve();
    /** Writes sent and not yet answered, per annotation id. */
    const inFlight = new Map<string, number>();

    const syncHistory = () =>
      set({
        annotationHistory: {
          canUndo: history.canUndo,
          canRedo: history.canRedo,
          undoLabel: history.undoLabel as ChangeLabel | null,
          redoLabel: history.redoLabel as ChangeLabel | null,
        },
      });

    const replaceLocal = (id: string, record: Annotation | null) => {
      const list = get().annotations;
      const index = list.findIndex((a) => a.id === id);
      if (record === null) {
        if (index < 0) return;
        const { selectedAnnotationId, countAreaId } = get();
        set({
          annotations: list.filter((a) => a.id !== id),
          selectedAnnotationId: selectedAnnotationId === id ? null : selectedAnnotationId,
          countAreaId: countAreaId === id ? null : countAreaId,
        });
      } else if (index < 0) {
        set({ annotations: [...list, record] });
      } else {
        const next = [...list];
        next[index] = record;
        set({ annotations: next });
      }
    };

    /** The engine refused a change: show what it holds, and why. */
    const resync = (e: unknown) => {
      get().reportError('annotations', e);
      const slideId = get().annotationSlideId;
      if (slideId)
        void get()
          .loadAnnotations(slideId)
          .catch(() => undefined);
    };

    const enqueue = (id: string, slideId: string, write: () => Promise<Annotation | null>) => {
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      queue = queue.then(async () => {
        try {
          const stored = await write();
          const left = (inFlight.get(id) ?? 1) - 1;
          if (left > 0) inFlight.set(id, left);
          else inFlight.delete(id);
          // The engine's record (author, dates) replaces ours, unless a newer change of
          // ours is still on its way or the user moved to another slide.
          if (stored && left === 0 && get().annotationSlideId === slideId) {
            if (get().annotations.some((a) => a.id === id)) replaceLocal(id, stored);
          }
        } catch (e) {
          inFlight.delete(id);
          if (get().annotationSlideId === slideId) resync(e);
          else get().reportError('annotations', e);
        }
      });
    };

    const save = (record: Annotation) =>
      enqueue(record.id, record.slideId, () => api.saveAnnotation({ annotation: inputOf(record) }));
    const remove = (id: string, slideId: string) =>
      enqueue(id, slideId, async () => {
        await api.deleteAnnotation({ id });
        return null;
      });

    /** Applies records and deletions locally and sends them (undo, redo). */
    const apply = (step: { save: readonly Annotation[]; remove: readonly string[] }) => {
      for (const r of step.save) {
        replaceLocal(r.id, r);
        save(r);
      }
      const slideId = get().annotationSlideId;
      for (const id of step.remove) {
        replaceLocal(id, null);
        if (slideId) remove(id, slideId);
      }
    };

    return {
      annotationSlideId: null,
      annotations: [],
      annotationsStatus: 'idle',
      annotationsError: null,
      annotationClasses: [],
      selectedAnnotationId: null,
      annotationTool: 'select',
      drawClassId: null,
      countClassId: DEFAULT_COUNT_CLASS,
      countAreaId: null,
      hiddenClassIds: [],
      annotationPanelOpen: true,
      annotationHistory: NO_HISTORY,

      loadAnnotations: async (slideId) => {
        const mine = ++request;
        if (get().annotationSlideId !== slideId) {
          history = new History<Annotation>();
          set({
            annotationSlideId: slideId,
            annotations: [],
            selectedAnnotationId: null,
            countAreaId: null,
            annotationHistory: NO_HISTORY,
          });
        }
        set({ annotationsStatus: 'loading', annotationsError: null });
        if (get().annotationClasses.length === 0) void get().loadAnnotationClasses();
        try {
          // Changes still on their way are read back with the rest.
          await queue;
          const list = await api.listAnnotations({ slideId });
          if (mine !== request) return;
          const { selectedAnnotationId: selected, countAreaId: area } = get();
          set({
            annotations: list,
            annotationsStatus: 'ready',
            selectedAnnotationId: list.some((a) => a.id === selected) ? selected : null,
            countAreaId: list.some((a) => a.id === area) ? area : null,
          });
        } catch (e) {
          if (mine !== request) return;
          set({ annotationsStatus: 'error', annotationsError: errorInfo(e) });
        }
      },

      loadAnnotationClasses: async () => {
        try {
          set({ annotationClasses: await api.listAnnotationClasses({}) });
        } catch (e) {
          get().reportError('annotations', e);
        }
      },

      setAnnotationTool: (annotationTool) => {
        if (get().annotationTool !== annotationTool) set({ annotationTool });
      },

      selectAnnotation: (id) => {
        if (get().selectedAnnotationId === id) return;
        const area = get().annotations.find((a) => a.id === id && isAreaGeometry(a.geometry));
        set(
          area ? { selectedAnnotationId: id, countAreaId: area.id } : { selectedAnnotationId: id },
        );
      },

      createAnnotation: (shape, fields = {}) => {
        const slideId = get().annotationSlideId;
        if (!slideId || get().annotationsStatus === 'error') return null;
        const now = new Date().toISOString();
        const record: Annotation = {
          id: newId(),
          slideId,
          kind: shape.kind,
          geometry: shape.geometry,
          classId: fields.classId !== undefined ? fields.classId : get().drawClassId,
          name: fields.name ?? '',
          text: fields.text ?? '',
          measurements: {},
          objectType: 'annotation',
          detectionStatus: null,
          author: '',
          authorId: null,
          createdAt: now,
          updatedAt: now,
        };
        history.record({
          label: 'create',
          changes: [{ id: record.id, before: null, after: record }],
        });
        replaceLocal(record.id, record);
        syncHistory();
        save(record);
        return record;
      },

      updateAnnotation: (id, patch, label) => {
        const before = get().annotations.find((a) => a.id === id);
        if (!before) return;
        const after: Annotation = { ...before, ...patch, updatedAt: new Date().toISOString() };
        history.record({ label, changes: [{ id, before, after }] });
        replaceLocal(id, after);
        syncHistory();
        save(after);
      },

      deleteAnnotation: (id) => {
        const before = get().annotations.find((a) => a.id === id);
        if (!before) return;
        history.record({ label: 'delete', changes: [{ id, before, after: null }] });
        replaceLocal(id, null);
        syncHistory();
        remove(id, before.slideId);
      },

      undoAnnotation: () => {
        const step = history.undo();
        if (!step) return;
        apply(step);
        syncHistory();
      },

      redoAnnotation: () => {
        const step = history.redo();
        if (!step) return;
        apply(step);
        syncHistory();
      },

      setDrawClass: (drawClassId) => set({ drawClassId }),
      setCountClass: (countClassId) => set({ countClassId }),
      toggleClassHidden: (classId) => {
        const key = classId ?? '';
        const hidden = get().hiddenClassIds;
        set({
          hiddenClassIds: hidden.includes(key) ? hidden.filter((c) => c !== key) : [...hidden, key],
        });
      },
      setAnnotationPanelOpen: (annotationPanelOpen) => set({ annotationPanelOpen }),

      importAnnotations: async (geojson) => {
        const slideId = get().annotationSlideId;
        if (!slideId)
          return { ok: false, error: { code: 'invalid_argument', message: 'No slide is open' } };
        try {
          await queue;
          const result = await api.importAnnotations({ slideId, geojson });
          await Promise.all([get().loadAnnotationClasses(), get().loadAnnotations(slideId)]);
          return { ok: true, ...result };
        } catch (e) {
          return { ok: false, error: errorInfo(e) };
        }
      },

      exportAnnotations: async () => {
        const slideId = get().annotationSlideId;
        if (!slideId) return '';
        await queue;
        return (await api.exportAnnotations({ slideId })).geojson;
      },

      saveAnnotationClass: async (input) => {
        try {
          const saved = await api.saveAnnotationClass(input);
          const list = get().annotationClasses;
          set({
            annotationClasses: list.some((c) => c.id === saved.id)
              ? list.map((c) => (c.id === saved.id ? saved : c))
              : [...list, saved],
          });
          return saved;
        } catch (e) {
          return errorInfo(e);
        }
      },

      annotationsSettled: () => queue,
    };
  };
