import { useEffect, useState } from 'react';
import { useStoreApi } from '../../state/StoreContext';
import { AnnotationController } from './controller';

/**
 * The annotation controller of the viewer screen, alive while it is mounted, and the open
 * slide's annotations loaded whenever the slide changes.
 */
export function useAnnotationController(slideId: string | null): AnnotationController | null {
  const store = useStoreApi();
  const [controller, setController] = useState<AnnotationController | null>(null);
  useEffect(() => {
    const c = new AnnotationController(store);
    setController(c);
    return () => c.destroy();
  }, [store]);
  useEffect(() => {
    if (slideId) void store.getState().loadAnnotations(slideId);
  }, [store, slideId]);
  return controller;
}
