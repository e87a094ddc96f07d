/**
 * Keeps the URL's fragment and the store's route in step, both ways:
 * - the route changes (a click, a key): the address follows, as a new history entry, so
 *   Back and Forward move between screens; while the case is still loading nothing is
 *   written (the address is said once it is known);
 * - the address changes (Back, Forward, a link, a reload): the case is found by its
 *   accession in the worklist and the slide by its position, then shown; an address that
 *   names nothing shows the "missing" screen instead of a blank page.
 * Plain TypeScript over the store and the window, tested without React.
 */
import type { AppStore } from '../../state/types';
import type { Address } from '../../../../electron/common/address';
import { formatAddress, parseAddress, sameAccession } from '../../../../electron/common/address';
import type { KnownCase } from './address';
import { addressOfRoute } from './address';

type Win = Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'>;

function knownCase(store: AppStore): KnownCase | null {
  const open = store.getState().openCase;
  return open
    ? { id: open.summary.id, accession: open.summary.accession, slides: open.slides }
    : null;
}

/** Resolves once the worklist is loaded (or failed); loads it when nobody has yet. */
function worklistLoaded(store: AppStore): Promise<void> {
  const done = () => ['ready', 'error'].includes(store.getState().casesStatus);
  if (done()) return Promise.resolve();
  if (store.getState().casesStatus === 'idle') void store.getState().loadCases();
  return new Promise((resolve) => {
    const stop = store.subscribe(() => {
      if (!done()) return;
      stop();
      resolve();
    });
  });
}

/** Shows what `address` names. Resolves when it is on screen (or known to be missing). */
export async function showAddress(store: AppStore, address: Address | null): Promise<void> {
  const s = store.getState();
  if (address === null || address.name === 'worklist') {
    if (s.route.name !== 'worklist') s.closeCase();
    return;
  }
  if (address.name === 'settings') {
    s.openSettings();
    return;
  }
  if (s.route.name === 'settings') s.closeSettings();
  const missing = () => store.getState().navigate({ name: 'missing', address });
  await worklistLoaded(store);
  const found = store.getState().cases.find((c) => sameAccession(c.accession, address.accession));
  if (!found) return missing();
  // The report alone: its route first, so the case is loaded into it (caseSlice.showCase).
  if (address.name === 'report') store.getState().navigate({ name: 'report', caseId: found.id });
  await store.getState().showCase(found.id);
  if (address.name === 'case' || address.name === 'report') return;
  const open = store.getState().openCase;
  if (open?.summary.id !== found.id) return; // the case could not be read: its screen says why
  const slide = open.slides.find((x) => x.position === address.position);
  if (!slide || slide.error) return missing();
  await store.getState().openSlide(slide.id);
}

export function startAddressSync(store: AppStore, win: Win): () => void {
  // While an address is being applied, the route changes it causes replace the history
  // entry of that address instead of adding new ones.
  let applying = 0;
  const write = (replace = applying > 0) => {
    const address = addressOfRoute(store.getState().route, knownCase(store));
    if (address === null) return;
    const hash = formatAddress(address);
    if (hash === win.location.hash) return;
    if (replace) win.history.replaceState(null, '', hash);
    else win.history.pushState(null, '', hash);
  };
  const apply = async () => {
    applying++;
    try {
      await showAddress(store, parseAddress(win.location.hash));
    } finally {
      applying--;
      // The address applied may be spelt otherwise (`#/`, another case of letters).
      write(true);
    }
  };
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.route !== prev.route || state.openCase !== prev.openCase) write();
  });
  const onPop = () => void apply();
  win.addEventListener('popstate', onPop);
  void apply();
  return () => {
    unsubscribe();
    win.removeEventListener('popstate', onPop);
  };
}
