/**
 * Archive series metadata kept in cache.db (migration 003), for openLocator: read on the
 * caller's own connection and inflated off its thread, written through the writer thread
 * (which deflates it). The window's TileStore and the prefetch worker's PrefetchCache
 * both hand this to openLocator, so a series either of them opened opens again at once.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import type { DicomJson } from '../sources/dicom/dicomJson';
import type { SeriesMetadataCache } from '../sources/openLocator';
import type { CacheReader } from './cacheReader';
import type { WriterLink } from './writerLink';

const inflate = promisify(inflateRaw);

export function seriesMetadataCache(
  reader: CacheReader,
  link: () => WriterLink,
): SeriesMetadataCache {
  return {
    async get(seriesUID) {
      const stored = reader.seriesMetadata(seriesUID);
      if (!stored) return null;
      try {
        const json: unknown = JSON.parse((await inflate(stored)).toString('utf8'));
        if (!Array.isArray(json)) return null;
        link().op({ op: 'touchSeries', series: seriesUID, at: Date.now() });
        return json as DicomJson[];
      } catch {
        // Unreadable: fetched again, and stored again.
        return null;
      }
    },
    put(seriesUID, metadata) {
      link().putSeriesMetadata(seriesUID, Buffer.from(JSON.stringify(metadata), 'utf8'));
    },
  };
}
