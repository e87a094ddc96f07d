import { useEffect } from 'react';
import { useStoreApi } from '../../state/StoreContext';

/** The Network Information API, where the browser has it (Chromium, so Electron too). */
interface NetworkInformation extends EventTarget {
  saveData?: boolean;
  effectiveType?: string;
}

/** Effective types slower than 3G: prefetching a slide there would starve the viewer. */
const SLOW_TYPES = new Set(['slow-2g', '2g']);

export function networkHint(connection: NetworkInformation): { metered: boolean; slow: boolean } {
  return {
    metered: connection.saveData === true,
    slow: SLOW_TYPES.has(connection.effectiveType ?? ''),
  };
}

/**
 * Tells the engine when the link is metered ("save data") or slow, so background downloads
 * wait; and when it is not any more. Does nothing where the browser cannot tell.
 */
export function useNetworkHint(): void {
  const store = useStoreApi();
  useEffect(() => {
    const connection = (navigator as Navigator & { connection?: NetworkInformation }).connection;
    if (!connection) return;
    let last = '';
    const send = () => {
      const hint = networkHint(connection);
      const key = JSON.stringify(hint);
      if (key === last) return;
      last = key;
      // Best effort: an engine without the hint simply keeps downloading.
      store
        .getState()
        .sendNetworkHint(hint)
        .catch(() => undefined);
    };
    send();
    connection.addEventListener('change', send);
    return () => connection.removeEventListener('change', send);
  }, [store]);
}
