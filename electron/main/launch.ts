/**
 * How a laboratory information system opens a case in the workstation: on the command
 * line (`--open <accession>`, or `--open=<accession>`) or through the operating system's
 * link scheme (`lillepath://case/<accession>`, registered by the installer and at start).
 * With the app already running, the second launch's arguments reach the running instance
 * ('second-instance'; 'open-url' on macOS), which shows the case. Pure: no Electron.
 */
import type { Address } from '../common/address';
import { formatAddress } from '../common/address';
import { APP_ENTRY_URL } from './origins';

/** The operating-system link scheme of case links. */
export const LINK_SCHEME = 'lillepath';

/**
 * Accessions as laboratory systems write them (B26-013102, H 24/00101, 2026.123): letters,
 * digits, spaces and - _ / . ; never control characters, never longer than DICOM's 16 (with
 * room for local prefixes).
 */
const ACCESSION = /^[\p{L}\p{N}](?:[\p{L}\p{N} _./-]{0,62}[\p{L}\p{N}])?$/u;

function accession(text: string): string | null {
  return ACCESSION.test(text) ? text : null;
}

/** The accession of `lillepath://case/<accession>`, or null for anything else. */
export function parseCaseLink(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${LINK_SCHEME}:`) return null;
  // `lillepath://case/B26-1`: host "case", path "/B26-1" (one segment, trailing slash allowed).
  if (
    url.hostname.toLowerCase() !== 'case' ||
    url.search !== '' ||
    url.username !== '' ||
    url.port !== ''
  )
    return null;
  const path = url.pathname.replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '' || path.includes('/') === true) {
    // An accession with a slash is percent-encoded in a link; a raw one is ambiguous.
    return null;
  }
  try {
    return accession(decodeURIComponent(path));
  } catch {
    return null;
  }
}

/**
 * The case a launch asks for: `--open <accession>`, `--open=<accession>` or a case link
 * anywhere in the arguments (Windows and Linux pass the link as an argument). The last one
 * wins; null when there is none, or when it is malformed.
 */
export function caseFromArgv(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--open') {
      const next = argv[i + 1];
      found = next === undefined ? null : accession(next);
      i++;
    } else if (arg.startsWith('--open=')) {
      found = accession(arg.slice('--open='.length));
    } else if (arg.toLowerCase().startsWith(`${LINK_SCHEME}:`)) {
      found = parseCaseLink(arg);
    }
  }
  return found;
}

/** The page a window loads to show `address` (the renderer reads the fragment). */
export function entryUrlFor(address: Address | null): string {
  return address === null ? APP_ENTRY_URL : `${APP_ENTRY_URL}${formatAddress(address)}`;
}
