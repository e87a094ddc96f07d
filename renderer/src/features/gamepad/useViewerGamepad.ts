/** The viewer's answer to a gamepad: the same moves as its toolbar and keys. */
import type { RefObject } from 'react';
import { useStoreApi } from '../../state/StoreContext';
import { PRESETS } from '../../viewer/magnification';
import type { ViewerHandle } from '../../viewer/SlideViewer';
import { syncId } from '../viewports/viewportsSlice';
import { nextPreset } from './mapping';
import { useGamepad } from './useGamepad';

export function useViewerGamepad(
  viewer: RefObject<ViewerHandle | null>,
  switchSlide: (delta: number) => void,
  mppKnown: boolean,
): void {
  const store = useStoreApi();
  // The pad moves the active viewport: the others follow it when in sync.
  const lead = () => {
    const s = store.getState();
    s.syncGroup.input(syncId(s.activeViewport));
  };
  useGamepad({
    pan: (dx, dy) => {
      lead();
      viewer.current?.panBy(dx, dy);
    },
    zoom: (factor) => {
      lead();
      viewer.current?.zoomBy(factor);
    },
    act: (action) => {
      lead();
      switch (action) {
        case 'presetUp':
        case 'presetDown': {
          const m = nextPreset(
            store.getState().magnification,
            action === 'presetUp' ? 1 : -1,
            PRESETS,
          );
          if (m !== null && mppKnown) viewer.current?.goToMagnification(m);
          break;
        }
        case 'nextSlide':
          switchSlide(1);
          break;
        case 'previousSlide':
          switchSlide(-1);
          break;
        case 'home':
          viewer.current?.home();
          break;
        case 'navigator':
          store.getState().toggleNavigator();
          break;
      }
    },
  });
}
