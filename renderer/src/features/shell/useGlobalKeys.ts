import { useEffect } from 'react';
import { GLOBAL_KEYS, isTypingTarget, matchBinding } from '../../keyboard/keymap';
import { useStoreApi } from '../../state/StoreContext';

/**
 * Shortcuts valid on every screen, and the cheat sheet's modality. Listens in the capture
 * phase so it runs before the screens' own handlers (useKeydown) and can stop them.
 */
export function useGlobalKeys(): void {
  const store = useStoreApi();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const state = store.getState();
      if (state.cheatSheetOpen) {
        if (e.key === 'Escape' || e.key === '?') {
          state.setCheatSheetOpen(false);
          e.preventDefault();
        }
        // The sheet is modal: nothing behind it reacts (Tab still moves focus inside it).
        if (e.key !== 'Tab') e.stopPropagation();
        return;
      }
      if (e.repeat || (isTypingTarget(e.target) && !e.ctrlKey && !e.metaKey)) return;
      const action = matchBinding(GLOBAL_KEYS, e);
      if (action === null) return;
      e.preventDefault();
      e.stopPropagation();
      if (action === 'help') state.setCheatSheetOpen(true);
      else state.openSettings();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [store]);
}
