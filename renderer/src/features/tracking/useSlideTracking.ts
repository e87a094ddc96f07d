import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SlideCoverage } from '../../../../electron/common/tracking/model';
import { useAppStore } from '../../state/StoreContext';
import type { VisibleArea } from '../../viewer/controller';
import { CoverageRecorder } from './recorder';

export interface SlideTracking {
  /** The open (active viewport's) slide's coverage, null until it is known. */
  coverage: SlideCoverage | null;
  /** The coverage of a slide shown in a viewport (the active one or another), null until known. */
  coverageOf: (slideId: string) => SlideCoverage | null;
  /** Whether the coverage is drawn over the slides too (it always is on the navigators). */
  slideOverlay: boolean;
  toggleSlideOverlay: () => void;
  /** Give to every viewport's SlideViewer onViewport, with the viewport's index. */
  onViewport: (area: VisibleArea, viewport: number) => void;
  /** Views wait to be recorded (tests wait for false before reading the engine). */
  pending: boolean;
}

/**
 * Records what every viewport shows (each its own slide) and keeps the coverage of every
 * slide on screen: `slideId` is the active viewport's, `others` those of the other
 * viewports (issue 6).
 */
export function useSlideTracking(
  slideId: string | null,
  others: readonly string[] = [],
): SlideTracking {
  const api = useAppStore((s) => s.trackingApi);
  const [coverages, setCoverages] = useState<Readonly<Record<string, SlideCoverage>>>({});
  const [slideOverlay, setSlideOverlay] = useState(false);
  const [pending, setPending] = useState(false);
  const shownKey = [...new Set([...(slideId === null ? [] : [slideId]), ...others])]
    .sort()
    .join(' ');
  const shown = useRef(new Set<string>());
  const recorder = useMemo(
    () =>
      new CoverageRecorder({
        send: (id, views) => api.recordSlideCoverage({ slideId: id, views }),
        onCoverage: (c) => {
          if (shown.current.has(c.slideId)) setCoverages((known) => ({ ...known, [c.slideId]: c }));
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
    const ids = shownKey === '' ? [] : shownKey.split(' ');
    shown.current = new Set(ids);
    // A slide no longer on screen is forgotten: when it comes back, it is read again.
    setCoverages((known) =>
      Object.fromEntries(Object.entries(known).filter(([id]) => shown.current.has(id))),
    );
    let live = true;
    for (const id of ids) {
      api.getSlideCoverage({ slideId: id }).then(
        (c) => {
          // What the recorder brought meanwhile is newer: it stays.
          if (live) setCoverages((known) => (known[id] ? known : { ...known, [id]: c }));
        },
        // Tracking never stands in the way of viewing: no coverage shown, that is all.
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [api, shownKey]);
  const onViewport = useCallback(
    (area: VisibleArea, viewport: number) => recorder.note(area, viewport),
    [recorder],
  );
  const toggleSlideOverlay = useCallback(() => setSlideOverlay((v) => !v), []);
  const coverageOf = useCallback(
    (id: string): SlideCoverage | null => coverages[id] ?? null,
    [coverages],
  );
  const coverage = slideId === null ? null : (coverages[slideId] ?? null);
  return { coverage, coverageOf, slideOverlay, toggleSlideOverlay, onViewport, pending };
}
