/**
 * An in-memory SlideSource for engine tests: tiles are tiny, well-formed JPEG envelopes
 * whose bytes encode their address, so a test can tell which tile it got.
 */
import { WorkstationError } from '../../common/errors';
import { isTileInGrid } from '../../common/pyramid';
import type { SlideMetadata, SlideSource, TileData } from '../sources/slideSource';

export function fakeTileBytes(level: number, col: number, row: number): Uint8Array {
  return new Uint8Array([0xff, 0xd8, level & 0xff, col & 0xff, row & 0xff, 0xff, 0xd9]);
}

export interface FakeSource extends SlideSource {
  reads: number;
  closed: boolean;
}

export function fakeSource(identity: string, overrides: Partial<SlideMetadata> = {}): FakeSource {
  const metadata: SlideMetadata = {
    format: 'tiff',
    width: 1000,
    height: 800,
    mpp: { x: 0.25, y: 0.25 },
    objectivePower: 40,
    levels: [
      { width: 1000, height: 800, downsample: 1, tileWidth: 256, tileHeight: 256 },
      { width: 250, height: 200, downsample: 4, tileWidth: 256, tileHeight: 256 },
    ],
    associated: ['thumbnail'],
    ...overrides,
  };
  const source: FakeSource = {
    metadata,
    identity,
    reads: 0,
    closed: false,
    readTile(level, col, row): Promise<TileData> {
      source.reads++;
      const l = metadata.levels[level];
      if (!l || !isTileInGrid(l, col, row)) {
        return Promise.reject(new WorkstationError('not_found', 'No such tile'));
      }
      return Promise.resolve({ bytes: fakeTileBytes(level, col, row), contentType: 'image/jpeg' });
    },
    readAssociated(name) {
      source.reads++;
      if (!metadata.associated.includes(name))
        return Promise.reject(new WorkstationError('not_found', `No ${name} image`));
      return Promise.resolve({ bytes: fakeTileBytes(255, 0, 0), contentType: 'image/jpeg' });
    },
    close() {
      source.closed = true;
      return Promise.resolve();
    },
  };
  return source;
}
