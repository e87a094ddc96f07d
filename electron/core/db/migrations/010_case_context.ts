import type { Migration } from '../migration';

/** parts, blocks and stain requests (issue 9). Reserved; its tables come with the work that needs them. */
export const migration010: Migration = {
  version: 10,
  description: 'parts, blocks and stain requests (issue 9)',
  up() {},
};
