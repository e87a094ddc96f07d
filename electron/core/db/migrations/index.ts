import type { Migration } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';

/** Every migration of workstation.db, in order. Add new ones at the end, never edit old ones. */
export const workstationMigrations: readonly Migration[] = [migration001, migration002];
