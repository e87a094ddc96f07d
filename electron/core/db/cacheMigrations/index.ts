import type { Migration } from '../migration';
import { cacheMigration001 } from './001_tiles';
import { cacheMigration002 } from './002_prefetch';
import { cacheMigration003 } from './003_series_metadata';

/** Every migration of cache.db, in order. */
export const cacheMigrations: readonly Migration[] = [
  cacheMigration001,
  cacheMigration002,
  cacheMigration003,
];
