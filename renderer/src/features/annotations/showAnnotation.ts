import type { RefObject } from 'react';
import { boundsOf } from '../../../../electron/common/annotations/geometry';
import type { Annotation, SlideInfo } from '../../../../electron/common/contract';
import type { ViewerHandle } from '../../viewer/SlideViewer';

/** A point is shown with this much tissue around it (µm across): a few cells. */
const POINT_VIEW_MICRONS = 150;
/** The same when the pixel size is unknown (level-0 pixels). */
const POINT_VIEW_PX = 600;
/** Room left around a shape shown whole, as a fraction of its size on each side. */
const PADDING = 0.25;

/** Flies the viewer to an annotation, whole and with room around it. */
export function showAnnotation(
  viewer: RefObject<ViewerHandle | null>,
  info: Pick<SlideInfo, 'mpp'> | null,
): (a: Annotation) => void {
  const minSize = info?.mpp ? POINT_VIEW_MICRONS / info.mpp.x : POINT_VIEW_PX;
  return (a) => viewer.current?.flyTo(boundsOf(a.geometry), PADDING, minSize);
}
