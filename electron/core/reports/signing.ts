/**
 * What a signature and an addendum cover, and checking later that they still hold.
 *
 * A signature covers the canonical JSON (canonical.ts) of SignedPayload: the content, the
 * SHA-256 of each snapshot it shows, the overrides, signer and time; that JSON is stored as
 * it was hashed. An addendum's hash covers its text, signer and time and the report's hash,
 * so it cannot be moved to another report.
 */
import type { Override, ReportContent, ReportSigner } from '../../common/reports/model';
import { canonicalSha256, sha256Hex } from './canonical';
import type { ReportStore } from './reportStore';

/** What signing stored, as hashed. */
export interface SignedPayload {
  caseId: string;
  version: number;
  content: ReportContent;
  snapshots: { id: string; sha256: string }[];
  overrides: Override[];
  signer: ReportSigner;
  signedAt: string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function addendumSha256(
  caseId: string,
  reportSha256: string,
  addendum: { id: string; text: string; signer: ReportSigner; signedAt: string },
): string {
  return canonicalSha256({ caseId, reportSha256, ...addendum });
}

/** Whether the stored signature, the snapshots it shows and the addenda match their hashes. */
export function verifySignature(store: ReportStore, caseId: string): SignatureCheck {
  const signature = store.signature(caseId);
  if (!signature) return { ok: false, reason: 'not signed' };
  if (sha256Hex(signature.contentJson) !== signature.sha256)
    return { ok: false, reason: 'the signed content does not match its hash' };
  const payload = JSON.parse(signature.contentJson) as SignedPayload;
  for (const s of payload.snapshots) {
    // The bytes themselves, not the hash stored beside them.
    const image = store.snapshotBytes(caseId, s.id);
    if (!image || sha256Hex(image.bytes) !== s.sha256)
      return { ok: false, reason: `snapshot ${s.id} changed` };
  }
  for (const a of store.addenda(caseId)) {
    const expected = addendumSha256(caseId, signature.sha256, {
      id: a.id,
      text: a.text,
      signer: a.signature.signer,
      signedAt: a.signature.signedAt,
    });
    if (expected !== a.signature.sha256) return { ok: false, reason: `addendum ${a.id} changed` };
  }
  return { ok: true };
}
