import type { Migration } from '../migration';
import { cacheMigration001 } from './001_tiles';

/** Every migration of cache.db, in order. */
export const cacheMigrations: readonly Migration[] = [cacheMigration001];
