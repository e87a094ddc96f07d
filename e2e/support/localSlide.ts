/**
 * A small synthetic H&E-coloured slide written as an Aperio SVS, for tests that add a
 * library folder: pink stroma in an elliptical tissue area on white glass, sprinkled with
 * purple nuclei.
 */
import { writePyramidalTiff } from '../../electron/core/demo/tiffWriter';
import type { WrittenTiff } from '../../electron/core/demo/tiffWriter';

const GLASS: [number, number, number] = [244, 243, 246];
const EOSIN: [number, number, number] = [226, 150, 190];
const HAEMATOXYLIN: [number, number, number] = [96, 60, 150];
/** Microns per pixel of a 40× scan (Aperio AT2 at 40×: 0.2520 µm/px; rounded). */
const MPP = 0.25;
/** Nucleus radius in pixels (~2 µm at 0.25 µm/px) and grid pitch. */
const NUCLEUS_R = 8;
const PITCH = 28;

export async function writeHeSlide(
  file: string,
  width = 2048,
  height = 1536,
): Promise<WrittenTiff> {
  const data = new Uint8Array(width * height * 3);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x - cx) / (width * 0.42);
      const dy = (y - cy) / (height * 0.4);
      let colour = GLASS;
      if (dx * dx + dy * dy < 1) {
        // Nuclei on a jittered grid (deterministic jitter from the cell index).
        const gx = Math.floor(x / PITCH);
        const gy = Math.floor(y / PITCH);
        const jx = ((gx * 7919 + gy * 104729) % 11) - 5;
        const jy = ((gx * 15485863 + gy * 32452843) % 11) - 5;
        const nx = gx * PITCH + PITCH / 2 + jx - x;
        const ny = gy * PITCH + PITCH / 2 + jy - y;
        colour = nx * nx + ny * ny < NUCLEUS_R * NUCLEUS_R ? HAEMATOXYLIN : EOSIN;
      }
      data.set(colour, (y * width + x) * 3);
    }
  }
  return writePyramidalTiff(file, {
    image: { data, width, height },
    format: 'svs',
    tileSize: 256,
    mpp: MPP,
    appMag: 40,
    quality: 85,
    // As the demo library: the writer's RGB-photometric mode is exact only for moderately
    // saturated colours and would turn white glass grey (tiffWriter.ts, `photometric`).
    photometric: 'ycbcr',
  });
}
