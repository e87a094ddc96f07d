import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKeydown } from '../../keyboard/useKeydown';
import { useAppStore, useWindowKind } from '../../state/StoreContext';
import { openReportWindow } from '../reportWindow/openReportWindow';
import { ReportElsewhere } from '../reportWindow/ReportElsewhere';
import { WindowIcon } from '../reportWindow/WindowIcon';
import { useEditorLock } from '../reportWindow/useEditorLock';
import { ReportEditor } from './ReportEditor';
import type { SlideContext } from './ReportEditor';
import './report.css';

/** Width of the panel (CSS pixels): default, and the range the drag handle allows. */
export const PANEL_WIDTH = { min: 300, max: 720, default: 380 } as const;
const WIDTH_KEY = 'lpw.reportPanelWidth';
/** Arrow keys on the handle move it by this much. */
const KEY_STEP = 24;

function storedWidth(): number {
  try {
    const n = Number(globalThis.localStorage?.getItem(WIDTH_KEY));
    return n >= PANEL_WIDTH.min && n <= PANEL_WIDTH.max ? n : PANEL_WIDTH.default;
  } catch {
    return PANEL_WIDTH.default;
  }
}

function clampWidth(w: number): number {
  return Math.round(Math.min(PANEL_WIDTH.max, Math.max(PANEL_WIDTH.min, w)));
}

/** Alt+R opens and closes the panel, also from inside a field (it types nothing there). */
function isToggleKey(e: KeyboardEvent): boolean {
  return e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyR' || e.key.toLowerCase() === 'r');
}

/**
 * The report beside the slide (or the case's gallery): a column of its own in the layout,
 * so it never covers the image. Its width follows a drag handle and is remembered; Alt+R
 * or the button folds it to a narrow strip. It can go to a window of its own (another
 * monitor): only one window edits the report at a time, the others say where it is
 * (features/reportWindow).
 */
export function ReportPanel({ caseId, slide }: { caseId: string; slide: SlideContext | null }) {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.reportPanelOpen);
  const setOpen = useAppStore((s) => s.setReportPanelOpen);
  const [width, setWidth] = useState(storedWidth);
  const drag = useRef<{ x: number; width: number } | null>(null);
  const lock = useEditorLock('panel');
  const accession = useAppStore((s) =>
    s.openCase?.summary.id === caseId ? s.openCase.summary.accession : null,
  );
  const windowKind = useWindowKind();
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    try {
      globalThis.localStorage?.setItem(WIDTH_KEY, String(width));
    } catch {
      // Not remembered in private mode.
    }
  }, [width]);

  useKeydown((e) => {
    if (!isToggleKey(e)) return;
    e.preventDefault();
    setOpen(!open);
  });

  if (!open) {
    return (
      <aside
        className="report-panel is-collapsed"
        aria-label={t('report.title')}
        data-testid="report-panel"
      >
        <button
          type="button"
          className="icon-button"
          onClick={() => setOpen(true)}
          title={t('report.expand')}
          aria-label={t('report.expand')}
          aria-expanded="false"
          data-testid="report-toggle"
        >
          ‹
        </button>
        <span className="report-panel-vertical">{t('report.title')}</span>
      </aside>
    );
  }

  return (
    <aside
      className="report-panel"
      aria-label={t('report.title')}
      data-testid="report-panel"
      style={{ width: `${width}px` }}
    >
      <div
        className="report-resize"
        role="separator"
        aria-orientation="vertical"
        aria-label={t('report.resize')}
        aria-valuemin={PANEL_WIDTH.min}
        aria-valuemax={PANEL_WIDTH.max}
        aria-valuenow={width}
        tabIndex={0}
        data-testid="report-resize"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, width };
        }}
        onPointerMove={(e) => {
          if (!drag.current) return;
          // The handle is on the panel's left edge: dragging left widens it.
          setWidth(clampWidth(drag.current.width + drag.current.x - e.clientX));
        }}
        onPointerUp={() => (drag.current = null)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') setWidth((w) => clampWidth(w + KEY_STEP));
          else if (e.key === 'ArrowRight') setWidth((w) => clampWidth(w - KEY_STEP));
          else return;
          e.preventDefault();
        }}
      />
      {blocked && (
        <p className="report-banner" role="alert">
          {t('reportWindow.detachBlocked')}
        </p>
      )}
      {lock.state !== 'live' ? (
        <ReportElsewhere state={lock.state} onClaim={lock.claim} />
      ) : (
        <ReportEditor
          caseId={caseId}
          slide={slide}
          collapse={
            <>
              {accession !== null && (
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => {
                    setBlocked(false);
                    void openReportWindow(window, accession).then((opened) => {
                      // Electron opens the window from its main process: window.open says null.
                      if (!opened && windowKind === 'web') setBlocked(true);
                    });
                  }}
                  title={t('reportWindow.detachHint')}
                  aria-label={t('reportWindow.detach')}
                  data-testid="report-detach"
                >
                  <WindowIcon />
                </button>
              )}
              <button
                type="button"
                className="icon-button"
                onClick={() => setOpen(false)}
                title={t('report.collapse')}
                aria-label={t('report.collapse')}
                aria-expanded="true"
                data-testid="report-toggle"
              >
                ›
              </button>
            </>
          }
        />
      )}
    </aside>
  );
}
