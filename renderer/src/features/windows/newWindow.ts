/**
 * "Open in new window" in the browser (the web host): the same screen in another window,
 * placed on another monitor when the browser offers the Window Management API
 * (getScreenDetails, Chromium) and the user allows it; otherwise where the browser puts
 * it. The new window shares the case with this one (caseSync.ts) and inherits this tab's
 * session (window.open copies sessionStorage to the window it opens).
 */

/** A screen as the Window Management API describes it (the part we use). */
export interface ScreenArea {
  availLeft: number;
  availTop: number;
  availWidth: number;
  availHeight: number;
  isPrimary?: boolean;
}

/** window.open features for a window filling another screen than `current`, if any. */
export function placementFeatures(screens: readonly ScreenArea[], current: ScreenArea): string {
  const same = (s: ScreenArea) =>
    s.availLeft === current.availLeft &&
    s.availTop === current.availTop &&
    s.availWidth === current.availWidth &&
    s.availHeight === current.availHeight;
  // The largest other screen: slides want the room.
  const other = screens
    .filter((s) => !same(s))
    .sort((a, b) => b.availWidth * b.availHeight - a.availWidth * a.availHeight)[0];
  if (!other) return 'popup';
  return `popup,left=${other.availLeft},top=${other.availTop},width=${other.availWidth},height=${other.availHeight}`;
}

interface ScreenDetails {
  screens: ScreenArea[];
  currentScreen: ScreenArea;
}

type WindowWithScreens = Window & { getScreenDetails?: () => Promise<ScreenDetails> };

/** Opens `hash` (default: this screen) in a new window, on another screen when there is one. */
export async function openInNewWindow(win: Window, hash = win.location.hash): Promise<boolean> {
  let features = 'popup';
  const getScreenDetails = (win as WindowWithScreens).getScreenDetails;
  if (typeof getScreenDetails === 'function') {
    try {
      const details = await getScreenDetails.call(win);
      features = placementFeatures(details.screens, details.currentScreen);
    } catch {
      // Permission refused or no second screen: the browser places the window.
    }
  }
  const opened = win.open(`${win.location.pathname}${hash}`, '_blank', features);
  return opened !== null;
}
