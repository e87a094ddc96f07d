/**
 * The contract's annotation calls (annotationCalls, archiveAndHeatmapCalls in
 * common/contract.ts): annotations and detections of a slide, their classes, GeoJSON in
 * and out, DICOM annotations in the archive, and heatmaps.
 */
import type { Handlers } from '../../common/contract';
import type { annotationCalls, archiveAndHeatmapCalls } from '../../common/contract';
import type { AnnotationService } from './annotationService';
import type { ArchiveAnnotations } from './archiveGlue';
import type { SlideFrame } from './geojson';
import type { HeatmapService } from './heatmaps';

type AnnotationHandlers = Pick<
  Handlers,
  keyof typeof annotationCalls | keyof typeof archiveAndHeatmapCalls
>;

export function annotationHandlers(deps: {
  annotations: AnnotationService;
  archiveAnnotations: ArchiveAnnotations;
  heatmaps: HeatmapService;
  /** The slide's size and pixel spacing, which annotations are checked and converted with. */
  slideFrame: (slideId: string) => Promise<SlideFrame>;
}): AnnotationHandlers {
  const { annotations, archiveAnnotations, heatmaps, slideFrame } = deps;
  return {
    listAnnotations: ({ slideId }) => annotations.list(slideId),
    saveAnnotation: async ({ annotation }) =>
      annotations.save(annotation, await slideFrame(annotation.slideId)),
    deleteAnnotation: ({ id }) => {
      annotations.delete(id);
      return {};
    },
    listAnnotationClasses: () => annotations.classes(),
    saveAnnotationClass: (input) => annotations.saveClass(input),
    importAnnotations: async ({ slideId, geojson }) =>
      annotations.importGeoJson(slideId, geojson, await slideFrame(slideId)),
    exportAnnotations: async ({ slideId, includeRejected }) => ({
      geojson: annotations.exportGeoJson(slideId, (await slideFrame(slideId)).mpp, {
        ...(includeRejected === undefined ? {} : { includeRejected }),
      }),
    }),
    setDetectionStatus: ({ ids, status }) => ({
      updated: annotations.setDetectionStatus(ids, status),
    }),
    saveAnnotationsToArchive: ({ slideId }) => archiveAnnotations.save(slideId),
    listArchiveAnnotations: ({ slideId }) => archiveAnnotations.list(slideId),
    importHeatmap: (input) => heatmaps.import(input),
    listHeatmaps: ({ slideId }) => heatmaps.list(slideId),
    deleteHeatmap: ({ id }) => {
      heatmaps.delete(id);
      return {};
    },
  };
}
