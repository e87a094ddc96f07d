/** A case's context as its case.json gives it (README, "Local library": case.json fields). */
import { partOfBlock } from '../../common/caseContext/grouping';
import type { CaseManifest } from '../library/caseManifest';
import type { StoredCaseContext } from './storedContext';

/** Null when the case has no case.json, or one that says nothing of the context. */
export function manifestContext(manifest: CaseManifest | null): StoredCaseContext | null {
  if (manifest === null) return null;
  const { clinicalInfo, parts = [], blocks = [], conclusion } = manifest;
  if (clinicalInfo === undefined && parts.length === 0 && blocks.length === 0 && !conclusion)
    return null;
  const stored: StoredCaseContext = {
    clinicalInfo: clinicalInfo?.trim() || null,
    parts: parts.map((p) => ({ id: p.id, description: p.description ?? '' })),
    blocks: blocks.map((b) => ({
      id: b.id,
      part: b.part ?? partOfBlock(b.id),
      description: b.description ?? '',
    })),
    conclusion: conclusion?.trim() || null,
  };
  // A block of a part the file does not list still has its part.
  const listed = new Set(stored.parts.map((p) => p.id));
  for (const b of stored.blocks)
    if (!listed.has(b.part)) {
      listed.add(b.part);
      stored.parts.push({ id: b.part, description: '' });
    }
  return stored;
}
