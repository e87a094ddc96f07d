/**
 * The address of the renderer's route (the address format itself is shared with the
 * Electron shell: electron/common/address.ts). Pure (no DOM, no store).
 */
import type { Address } from '../../../../electron/common/address';
import type { Route } from '../../state/uiSlice';

/** What the address needs to know of the case on screen. */
export interface KnownCase {
  id: string;
  accession: string;
  slides: readonly { id: string; position: number }[];
}

/**
 * The address of a route, or null while it cannot be said yet (the case is still loading).
 * A missing-case screen keeps the address that was asked for.
 */
export function addressOfRoute(route: Route, openCase: KnownCase | null): Address | null {
  switch (route.name) {
    case 'worklist':
      return { name: 'worklist' };
    case 'settings':
      return { name: 'settings' };
    case 'missing':
      return route.address;
    case 'case':
      return openCase?.id === route.caseId ? { name: 'case', accession: openCase.accession } : null;
    case 'report':
      return openCase?.id === route.caseId
        ? { name: 'report', accession: openCase.accession }
        : null;
    case 'slide': {
      if (openCase?.id !== route.caseId) return null;
      const slide = openCase.slides.find((s) => s.id === route.slideId);
      return slide
        ? { name: 'slide', accession: openCase.accession, position: slide.position }
        : null;
    }
  }
}
