/**
 * "Report in its own window": the report alone (`#/case/<accession>/report`) in a window
 * of its own. In the browser (the web host), on another screen when the Window Management
 * API (getScreenDetails, Chromium) offers one and the user allows it, else beside this
 * window on the same screen. In Electron the main process opens that window itself and
 * places it (electron/main/windows.ts, electron/common/layout.ts `placeReportWindow`): the
 * features asked for here are ignored there.
 */
import { formatAddress } from '../../../../electron/common/address';
import type { ScreenArea } from '../windows/newWindow';
import { placementFeatures } from '../windows/newWindow';

/** Width of a report window sharing the screen: the panel's widest (ReportPanel) and a margin. */
export const REPORT_WINDOW_WIDTH = 760;

/** window.open features for the report window: another screen, else the right of this one. */
export function reportWindowFeatures(screens: readonly ScreenArea[], current: ScreenArea): string {
  const elsewhere = placementFeatures(screens, current);
  if (elsewhere !== 'popup') return elsewhere;
  const width = Math.min(REPORT_WINDOW_WIDTH, current.availWidth);
  const left = current.availLeft + current.availWidth - width;
  return `popup,left=${left},top=${current.availTop},width=${width},height=${current.availHeight}`;
}

interface ScreenDetails {
  screens: ScreenArea[];
  currentScreen: ScreenArea;
}

type WindowWithScreens = Window & { getScreenDetails?: () => Promise<ScreenDetails> };

/** This window's screen as the older `window.screen` says it (availLeft: Chromium and Firefox). */
function currentScreen(win: Window): ScreenArea {
  const s = win.screen as Screen & { availLeft?: number; availTop?: number };
  return {
    availLeft: s.availLeft ?? 0,
    availTop: s.availTop ?? 0,
    availWidth: s.availWidth,
    availHeight: s.availHeight,
  };
}

/** Opens the report of `accession` in a window of its own; false when the browser blocked it. */
export async function openReportWindow(win: Window, accession: string): Promise<boolean> {
  let features = reportWindowFeatures([], currentScreen(win));
  const getScreenDetails = (win as WindowWithScreens).getScreenDetails;
  if (typeof getScreenDetails === 'function') {
    try {
      const details = await getScreenDetails.call(win);
      features = reportWindowFeatures(details.screens, details.currentScreen);
    } catch {
      // Permission refused: beside this window on its screen.
    }
  }
  const address = formatAddress({ name: 'report', accession });
  return win.open(`${win.location.pathname}${address}`, '_blank', features) !== null;
}
