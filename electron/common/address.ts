/**
 * Addresses of the workstation's screens, in the URL's fragment, so that a reload keeps
 * the place, Back and Forward move between screens, a colleague can be sent a link, and a
 * laboratory system can open a case (`--open <accession>`, `lillepath://case/<accession>`
 * in Electron, which load the same address):
 *
 *   #/worklist
 *   #/case/<accession>
 *   #/case/<accession>/slide/<n>     n: the slide's 1-based position in the case, as on its card
 *   #/case/<accession>/report        the case's report alone (a window of its own, another monitor)
 *   #/settings
 *
 * Accessions, not internal ids: they are what the laboratory system and people know, and
 * they survive a new data folder. Pure.
 */

export type Address =
  | { name: 'worklist' }
  | { name: 'case'; accession: string }
  | { name: 'slide'; accession: string; position: number }
  | { name: 'report'; accession: string }
  | { name: 'settings' };

const enc = encodeURIComponent;

export function formatAddress(address: Address): string {
  switch (address.name) {
    case 'worklist':
      return '#/worklist';
    case 'settings':
      return '#/settings';
    case 'case':
      return `#/case/${enc(address.accession)}`;
    case 'slide':
      return `#/case/${enc(address.accession)}/slide/${address.position}`;
    case 'report':
      return `#/case/${enc(address.accession)}/report`;
  }
}

/** The address a fragment names; an empty fragment is the worklist; null when malformed. */
export function parseAddress(hash: string): Address | null {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '' || path === 'worklist') return { name: 'worklist' };
  if (path === 'settings') return { name: 'settings' };
  const parts = path.split('/');
  if (parts[0] !== 'case' || parts[1] === undefined || parts[1] === '') return null;
  let accession: string;
  try {
    accession = decodeURIComponent(parts[1]);
  } catch {
    return null;
  }
  if (parts.length === 2) return { name: 'case', accession };
  if (parts.length === 3 && parts[2] === 'report') return { name: 'report', accession };
  if (parts.length === 4 && parts[2] === 'slide' && /^[1-9]\d{0,3}$/.test(parts[3]!)) {
    return { name: 'slide', accession, position: Number(parts[3]) };
  }
  return null;
}

/** Accessions are compared as people type them: case and surrounding spaces do not matter. */
export function sameAccession(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
