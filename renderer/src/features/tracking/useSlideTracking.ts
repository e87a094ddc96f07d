import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SlideCoverage } from '../../../../electron/common/tracking/model';
import { useAppStore } from '../../state/StoreContext';
import type { VisibleArea } from '../../viewer/controller';
import { CoverageRecorder } from './recorder';

export interface SlideTracking {
  /** The open (active viewport's) slide's coverage, null until it is known. */
  coverage: SlideCoverage | null;
  /** Whether the coverage is drawn over the slide too (it always is on the navigator). */
  slideOverlay: boolean;
  toggleSlideOverlay: () => void;
  /** Give to every viewport's SlideViewer onViewport, with the viewport's index. */
  onViewport: (area: VisibleArea, viewport: number) => void;
  /** Views wait to be recorded (tests wait for false before reading the engine). */
  pending: boolean;
}

/**
 * Records what every viewport shows (each its own slide) and keeps the open slide's coverage
 * (issue 6).
 */
export function useSlideTracking(slideId: string | null): SlideTracking {
  const api = useAppStore((s) => s.trackingApi);
  const [coverage, setCoverage] = useState<SlideCoverage | null>(null);
  const [slideOverlay, setSlideOverlay] = useState(false);
  const [pending, setPending] = useState(false);
  const current = useRef(slideId);
  const recorder = useMemo(
    () =>
      new CoverageRecorder({
        send: (id, views) => api.recordSlideCoverage({ slideId: id, views }),
        onCoverage: (c) => {
          if (c.slideId === current.current) setCoverage(c);
        },
        setTimer: (fn, ms) => window.setTimeout(fn, ms),
        clearTimer: (handle) => window.clearTimeout(handle as number),
        onPending: setPending,
      }),
    [api],
  );
  // Views not sent yet go when the viewer closes.
  useEffect(() => () => void recorder.flush(), [recorder]);
  useEffect(() => {
    current.current = slideId;
    setCoverage(null);
    if (slideId === null) return;
    let live = true;
    api.getSlideCoverage({ slideId }).then(
      (c) => {
        if (live) setCoverage((known) => known ?? c);
      },
      // Tracking never stands in the way of viewing: no coverage shown, that is all.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, slideId]);
  const onViewport = useCallback(
    (area: VisibleArea, viewport: number) => recorder.note(area, viewport),
    [recorder],
  );
  const toggleSlideOverlay = useCallback(() => setSlideOverlay((v) => !v), []);
  return { coverage, slideOverlay, toggleSlideOverlay, onViewport, pending };
}
