import type { Migration } from '../migration';

/** case assignment and worklist preferences (issue 9). Reserved; its tables come with the work that needs them. */
export const migration009: Migration = {
  version: 9,
  description: 'case assignment and worklist preferences (issue 9)',
  up() {},
};
