import { WorkstationError } from '../../../../electron/common/errors';
import type { AnnotationAction } from '../../keyboard/keymap';
import { ANNOTATION_KEYS, matchBinding } from '../../keyboard/keymap';
import type { AppStore } from '../../state/types';
import type { AnnotationController } from './controller';

/**
 * The annotation keys of the viewer, tried before the viewer's own. Returns whether the
 * key was used: Esc cancels a drawing, then the selection, and only then goes back to the
 * case; Enter and Backspace go to a polygon being drawn. Shift+A and X accept and reject
 * the selected AI detection (and do nothing without one).
 */
export function handleAnnotationKey(
  e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>,
  store: AppStore,
  controller: AnnotationController | null,
): boolean {
  const s = store.getState();
  if (e.key === 'Backspace' && !e.ctrlKey && !e.altKey && !e.metaKey) {
    return controller?.key('Backspace') ?? false;
  }
  const action: AnnotationAction | null = matchBinding(ANNOTATION_KEYS, e);
  if (!action) return false;
  switch (action.type) {
    case 'tool':
      s.setAnnotationTool(action.tool);
      return true;
    case 'undo':
      s.undoAnnotation();
      return true;
    case 'redo':
      s.redoAnnotation();
      return true;
    case 'delete':
      if (!s.selectedAnnotationId) return false;
      s.deleteAnnotation(s.selectedAnnotationId);
      return true;
    case 'finish':
      return controller?.key('Enter') ?? false;
    case 'cancel':
      if (controller?.key('Escape')) return true;
      if (s.selectedAnnotationId) {
        s.selectAnnotation(null);
        return true;
      }
      return false;
    case 'panel':
      s.setAnnotationPanelOpen(!s.annotationPanelOpen);
      return true;
    case 'review': {
      const selection = s.aiSelection;
      if (selection?.source !== 'detection') return false;
      const detection = s.annotations.find((a) => a.id === selection.id);
      if (!detection || detection.objectType !== 'detection') return false;
      if (detection.detectionStatus === action.status) return true;
      void s.reviewDetection(selection.id, action.status).then((error) => {
        if (error)
          store
            .getState()
            .reportError('annotations', new WorkstationError(error.code, error.message));
      });
      return true;
    }
  }
}
