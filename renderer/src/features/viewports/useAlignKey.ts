/**
 * Holding Ctrl aligns (with several viewports in sync): the viewport the user moves goes
 * alone, and the offset between the slides is kept when Ctrl is let go. Leaving the window
 * with Ctrl down ends the alignment too.
 */
import { useEffect } from 'react';
import type { AppStore } from '../../state/types';

export function useAlignKey(store: AppStore): void {
  useEffect(() => {
    let held = false;
    const down = (e: KeyboardEvent) => {
      const s = store.getState();
      if (e.key !== 'Control' || held || !s.syncOn || s.viewportCount === 1) return;
      held = true;
      s.setAligning(true);
    };
    const up = (e: KeyboardEvent) => {
      if (e.key !== 'Control' || !held) return;
      held = false;
      store.getState().setAligning(false);
    };
    const blur = () => {
      if (!held) return;
      held = false;
      store.getState().setAligning(false);
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [store]);
}
