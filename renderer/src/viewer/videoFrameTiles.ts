/**
 * Tiles decoded as VideoFrames (WebCodecs' ImageDecoder in the tile worker, tileWorker.ts)
 * as an OpenSeadragon data type, 'videoFrame', beside its own 'imageBitmap': how to copy
 * one (a clone: frames are read-only and share their pixels), turn it into an ImageBitmap
 * (once the view is complete, frameSettler.ts) or a canvas (the brightness and contrast
 * pipeline, the navigator's drawer), and free it (close: a frame's memory is not the
 * garbage collector's to free). OSD's drawer reads `width` and `height` of what it draws,
 * which a VideoFrame calls displayWidth and displayHeight: `drawable` gives it both names
 * (0 once closed, as a closed ImageBitmap's).
 */
import OpenSeadragon from 'openseadragon';
import type { DecodedImage } from './tileMessages';

export const VIDEO_FRAME_TYPE = 'videoFrame';

export function isVideoFrame(data: unknown): data is VideoFrame {
  return typeof VideoFrame !== 'undefined' && data instanceof VideoFrame;
}

/** A decoded tile as OSD's drawer can read it: a frame gets `width` and `height`. */
export function drawable(image: DecodedImage): DecodedImage {
  if (!isVideoFrame(image)) return image;
  Object.defineProperties(image, {
    width: { get: () => image.displayWidth },
    height: { get: () => image.displayHeight },
  });
  return image;
}

interface Converter {
  learn(
    from: string,
    to: string,
    convert: (tile: unknown, data: never) => unknown,
    costPower?: number,
    costMultiplier?: number,
  ): void;
  learnDestroy(type: string, destroy: (data: never) => void): void;
}

let learnt = false;

/** Teaches OSD's data type converter the 'videoFrame' type (once per page). */
export function learnVideoFrames(): void {
  if (learnt) return;
  learnt = true;
  const converter = (OpenSeadragon as unknown as { converter: Converter }).converter;
  converter.learn(
    VIDEO_FRAME_TYPE,
    'context2d',
    (_tile, frame: VideoFrame) => {
      const canvas = document.createElement('canvas');
      canvas.width = frame.displayWidth;
      canvas.height = frame.displayHeight;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(frame, 0, 0);
      return context;
    },
    1,
    2,
  );
  // Synchronous (an OffscreenCanvas handed over as a bitmap), so that a tile converted in
  // place is never half-way at a frame (frameSettler.ts).
  converter.learn(
    VIDEO_FRAME_TYPE,
    'imageBitmap',
    (_tile, frame: VideoFrame) => {
      const canvas = new OffscreenCanvas(frame.displayWidth, frame.displayHeight);
      canvas.getContext('2d')!.drawImage(frame, 0, 0);
      return canvas.transferToImageBitmap();
    },
    1,
    1,
  );
  converter.learn(VIDEO_FRAME_TYPE, VIDEO_FRAME_TYPE, (_tile, frame: VideoFrame) =>
    drawable(frame.clone()),
  );
  converter.learnDestroy(VIDEO_FRAME_TYPE, (frame: VideoFrame) => frame.close());
}
