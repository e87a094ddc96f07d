/** A case in another window ("Open in new window" for a prior), placed as newWindow.ts places one. */
import { formatAddress } from '../../../../electron/common/address';
import { placementFeatures } from '../windows/newWindow';
import type { ScreenArea } from '../windows/newWindow';

type WindowWithScreens = Window & {
  getScreenDetails?: () => Promise<{ screens: ScreenArea[]; currentScreen: ScreenArea }>;
};

export async function openCaseInNewWindow(win: Window, accession: string): Promise<boolean> {
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
  const hash = formatAddress({ name: 'case', accession });
  return win.open(`${win.location.pathname}${hash}`, '_blank', features) !== null;
}
