import { useEffect, useRef } from 'react';

/**
 * Listens to keydown on the window while the calling screen is mounted. The handler is
 * read through a ref so that it always sees the latest props without re-subscribing.
 * Events already handled (defaultPrevented) are skipped.
 */
export function useKeydown(handler: (e: KeyboardEvent) => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!e.defaultPrevented) ref.current(e);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
