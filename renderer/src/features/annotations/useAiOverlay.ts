import { useEffect, useState } from 'react';
import { useStoreApi } from '../../state/StoreContext';
import type { OverlayClient } from '../../viewer/annotationOverlay';
import { AiOverlayClient } from './aiOverlayClient';

/**
 * The viewer's overlay client with the AI layer under the annotations (`inner`, the
 * annotation controller), alive while the viewer screen is mounted; the slide's heatmaps,
 * and its archive's annotation objects when it comes from an archive, loaded whenever the
 * slide changes. Returns `inner` until the AI client exists.
 */
export function useAiOverlay(
  inner: OverlayClient | null,
  slideId: string | null,
  fromArchive: boolean,
): OverlayClient | null {
  const store = useStoreApi();
  const [client, setClient] = useState<AiOverlayClient | null>(null);
  useEffect(() => {
    if (!inner) return;
    const c = new AiOverlayClient(store, inner);
    setClient(c);
    return () => {
      c.destroy();
      setClient(null);
    };
  }, [store, inner]);
  useEffect(() => {
    if (slideId) void store.getState().loadAiOverlay(slideId, fromArchive);
  }, [store, slideId, fromArchive]);
  return client ?? inner;
}
