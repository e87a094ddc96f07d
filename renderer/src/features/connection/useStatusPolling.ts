import { useEffect } from 'react';
import { useStoreApi } from '../../state/StoreContext';
import { STATUS_POLL_MS } from '../../state/statusSlice';
import { startPolling } from '../../state/statusPoller';

/** Reads the engine status every ~2 s while the window is visible (see statusPoller.ts). */
export function useStatusPolling(): void {
  const store = useStoreApi();
  useEffect(
    () =>
      startPolling({
        poll: () => store.getState().pollStatus(),
        intervalMs: STATUS_POLL_MS,
        visibility: document,
      }),
    [store],
  );
}
