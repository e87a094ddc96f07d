/**
 * What the DICOM ANN writer and reader share: new UIDs, the graphic types, the error kinds.
 */
import { randomUUID } from 'node:crypto';
import { WorkstationError } from '../../../common/errors';
import type { AnnGraphicType } from './types';

/** A new UID under 2.25 (PS3.5 B.2): the decimal form of a random UUID. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

export const GRAPHIC_TYPES: readonly AnnGraphicType[] = [
  'POINT',
  'POLYLINE',
  'POLYGON',
  'ELLIPSE',
  'RECTANGLE',
];
/** Annotation Group Number is a US. */
/** Annotation Group Number is a US. */
export const MAX_GROUPS = 0xffff;

export function invalid(message: string): WorkstationError {
  return new WorkstationError('invalid_argument', message);
}
export function corrupt(message: string): WorkstationError {
  return new WorkstationError('corrupt', message);
}
