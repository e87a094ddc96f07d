import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A full-window, opaque layer over the whole application (slides and patient data are
 * hidden, not blurred). While it is shown the application behind is inert (no focus, no
 * clicks) and keys never reach its shortcuts.
 */
export function UsersOverlay({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const app = document.getElementById('root');
    app?.setAttribute('inert', '');
    app?.setAttribute('aria-hidden', 'true');
    // Keys typed outside the layer (focus on the page itself) must not reach the screens.
    const onKeyDown = (e: KeyboardEvent) => {
      if (!ref.current?.contains(e.target as Node)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      app?.removeAttribute('inert');
      app?.removeAttribute('aria-hidden');
    };
  }, []);
  return createPortal(
    <div
      ref={ref}
      className="users-overlay"
      role="dialog"
      aria-modal="true"
      aria-label={label}
      // Keys typed in the layer stop here, before the window's shortcut listeners.
      onKeyDown={(e) => e.stopPropagation()}
      data-testid="users-overlay"
    >
      <div className="users-overlay-panel">{children}</div>
    </div>,
    document.body,
  );
}
