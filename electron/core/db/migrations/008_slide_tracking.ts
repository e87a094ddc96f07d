import type { Migration } from '../migration';

/** slide tracking (issue 6). Reserved; its tables come with the work that needs them. */
export const migration008: Migration = {
  version: 8,
  description: 'slide tracking (issue 6)',
  up() {},
};
