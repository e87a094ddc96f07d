/**
 * What any slide reader accepts from file or archive data, in one place so that the TIFF
 * and DICOM readers refuse the same impossible slides the same way ('corrupt'). Every
 * allocation a reader sizes from the data it reads must stay under one of these bounds.
 * Pure constants: no I/O, safe to import from any reader.
 */

/**
 * Largest image side, in pixels (2^20). At 0.25 µm/px that is 262 mm, over three times
 * the length of a 75 mm glass slide; no scanner writes more.
 */
export const MAX_SIDE = 1 << 20;

/** Largest tile side, in pixels (2^16): TIFF tiles and DICOM frames are far smaller. */
export const MAX_TILE_SIDE = 1 << 16;

/**
 * Most tiles in one level (4 Mi): a 1 Mpx × 1 Mpx level in 512 px tiles. Also the longest
 * tile table a TIFF may have and the most frames a DICOM instance may declare.
 */
export const MAX_TILES_PER_LEVEL = 4 << 20;

/** Largest decoded tile or strip (16 MiB). */
export const MAX_DECODED_BYTES = 16 << 20;

/**
 * Largest whole image held in memory at once (4096², 48 MB as RGB): an assembled
 * associated image, a DICOM frame shown whole, a blank tile.
 */
export const MAX_ASSEMBLED_PIXELS = 4096 * 4096;
