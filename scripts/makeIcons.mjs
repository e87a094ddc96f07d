#!/usr/bin/env node
/**
 * `node scripts/makeIcons.mjs`: renders resources/icons/icon.svg to the PNG that
 * electron-builder turns into the Windows .ico and the Linux icon set (512x512, the size
 * both accept). Run it after editing the SVG; the PNG is committed (it is small).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icons');
const SIZE = 512;

const info = await sharp(path.join(dir, 'icon.svg'), { density: 144 })
  .resize(SIZE, SIZE)
  .png({ compressionLevel: 9, palette: true })
  .toFile(path.join(dir, 'icon.png'));
console.log(
  `resources/icons/icon.png ${info.width}x${info.height} ${(info.size / 1024).toFixed(1)} KiB`,
);
