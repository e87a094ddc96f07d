import type { Migration } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';
import { migration003 } from './003_case_keys';
import { migration004 } from './004_annotations';
import { migration005 } from './005_archive_annotations_heatmaps';
import { migration006 } from './006_users_audit';
import { migration007 } from './007_reports';
import { migration008 } from './008_slide_tracking';
import { migration009 } from './009_worklist_assignment';
import { migration010 } from './010_case_context';
import { migration011 } from './011_slide_scan_area';

/** Every migration of workstation.db, in order. Add new ones at the end, never edit old ones. */
export const workstationMigrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
];
