/**
 * Opening Settings from a slide unmounts the viewer (each screen is its own route); coming
 * back must show the slide where it was, not the whole slide again. The view (centre and
 * zoom, in OpenSeadragon's viewport units, which do not depend on rotation) is kept when the
 * viewer leaves for Settings, and put back once, when that same slide opens again.
 */
import { useEffect } from 'react';
import type { RefObject } from 'react';
import OpenSeadragon from 'openseadragon';
import type { Route } from '../../state/uiSlice';
import type { AppStore } from '../../state/types';
import type { ViewerHandle } from '../../viewer/SlideViewer';

export interface KeptView {
  slideId: string;
  x: number;
  y: number;
  zoom: number;
}

/** Screens that leave the slide open underneath: coming back restores the view. */
export function keepsViewFor(route: Route): boolean {
  return route.name === 'settings';
}

/** One view kept per tab (the last slide left for Settings). */
let kept: KeptView | null = null;

/** The view to put back when `slideId` opens, taken at most once. */
export function takeKeptView(slideId: string): KeptView | null {
  const view = kept?.slideId === slideId ? kept : null;
  kept = null;
  return view;
}

export function keepView(view: KeptView | null): void {
  kept = view;
}

function viewOf(osd: OpenSeadragon.Viewer, slideId: string): KeptView {
  const center = osd.viewport.getCenter(true);
  return { slideId, x: center.x, y: center.y, zoom: osd.viewport.getZoom(true) };
}

function restore(osd: OpenSeadragon.Viewer, view: KeptView): void {
  osd.viewport.zoomTo(view.zoom, undefined, true);
  osd.viewport.panTo(new OpenSeadragon.Point(view.x, view.y), true);
}

/**
 * Keeps the view of `slideId` when the viewer leaves for a screen that `keepsViewFor`, and
 * restores it when the slide is shown again. The route is read as the viewer goes away.
 */
export function useKeptView(
  handle: RefObject<ViewerHandle | null>,
  slideId: string | null,
  store: AppStore,
): void {
  useEffect(() => {
    const osd = handle.current?.osd() ?? null;
    if (!osd || slideId === null) return;
    const view = takeKeptView(slideId);
    const onOpen = () => {
      if (view) restore(osd, view);
    };
    // The controller opened the slide in the viewer's own effect, before this one: its
    // 'open' set-up (whole slide) runs first, then this one.
    if (view) {
      if (osd.world.getItemCount() > 0) restore(osd, view);
      else osd.addOnceHandler('open', onOpen);
    }
    return () => {
      osd.removeHandler('open', onOpen);
      // The viewer itself may already be gone (OSD destroyed): then there is nothing to keep.
      const leaving = keepsViewFor(store.getState().route) && osd.viewport !== undefined;
      keepView(leaving ? viewOf(osd, slideId) : null);
    };
  }, [handle, slideId, store]);
}
