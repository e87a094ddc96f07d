/**
 * How long "the archive cannot be reached" is reused for a tile or a slide, instead of
 * asking the archive again. OpenSeadragon retries a failed tile as the user pans back over
 * it, within seconds, and a viewport asks for dozens at once; an archive that returns is
 * noticed by the keep-alive probe (every 5 s, archiveService.ts), which clears the memory
 * at once (TileService.archiveBack).
 */
export const OFFLINE_MEMO_MS = 4000;
