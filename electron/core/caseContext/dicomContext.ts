/**
 * Parts, blocks and clinical information read from DICOM WSI attributes (PS3.3 C.7.6.22
 * Specimen module, TID 8001 "Specimen Preparation"):
 *
 *  - each slide (series) has a Specimen Description Sequence (0040,0560); its items name a
 *    specimen (Specimen Identifier, 0040,0551) with a Specimen Short Description (0040,0600)
 *    and its preparation steps (0040,0610);
 *  - a sampling step names the specimen it made (content item 121041 "Specimen Identifier")
 *    and the one it was cut from (111705 "Parent Specimen Identifier"), so the chain slide →
 *    block → part can be walked up from the slide's own specimen;
 *  - failing that, the Container Identifier (0040,0512, "A1-HE") or the specimen identifier
 *    itself ("A1") names the block.
 *
 * Clinical information is a study-level attribute in the instances' metadata: Reason for
 * the Requested Procedure (0040,1002, also inside the Request Attributes Sequence
 * 0040,0275) and Admitting Diagnoses Description (0008,1080).
 */
import type { Block, CaseContext, Part } from '../../common/caseContext/model';
import { BLOCK_ID_PATTERN, PART_ID_PATTERN } from '../../common/caseContext/model';
import { blockFromLabel, partOfBlock } from '../../common/caseContext/grouping';
import type { DicomJson } from '../sources/dicom/dicomJson';
import { TAG, firstItem, seq, str, strings } from '../sources/dicom/dicomJson';

/** Tags this module reads beyond dicomJson's TAG table. */
export const CONTEXT_TAG = {
  RequestAttributesSequence: '00400275',
  ReasonForTheRequestedProcedure: '00401002',
  AdmittingDiagnosesDescription: '00081080',
} as const;

/** DCM 121041 "Specimen Identifier", DCM 111705 "Parent Specimen Identifier". */
const SPECIMEN_ID = '121041';
const PARENT_ID = '111705';

interface SpecimenNode {
  id: string;
  description: string;
}

/** The text of the first content item named `code` in a preparation step. */
function stepValue(step: DicomJson, code: string): string | null {
  for (const item of seq(step, TAG.SpecimenPreparationStepContentItemSequence)) {
    const name = firstItem(item, TAG.ConceptNameCodeSequence);
    if (name === null || str(name, TAG.CodeValue) !== code) continue;
    return (
      str(item, TAG.TextValue) ??
      str(firstItem(item, TAG.ConceptCodeSequence) ?? {}, TAG.CodeMeaning)
    );
  }
  return null;
}

/** Every specimen a slide's description names, with the parent each was cut from. */
function specimenTree(json: DicomJson): {
  slideSpecimen: string | null;
  parents: Map<string, string>;
  nodes: Map<string, SpecimenNode>;
} {
  const parents = new Map<string, string>();
  const nodes = new Map<string, SpecimenNode>();
  let slideSpecimen: string | null = null;
  for (const specimen of seq(json, TAG.SpecimenDescriptionSequence)) {
    const id = str(specimen, TAG.SpecimenIdentifier);
    if (id !== null) {
      slideSpecimen ??= id;
      nodes.set(id, { id, description: str(specimen, TAG.SpecimenShortDescription) ?? '' });
    }
    for (const step of seq(specimen, TAG.SpecimenPreparationSequence)) {
      const made = stepValue(step, SPECIMEN_ID);
      const parent = stepValue(step, PARENT_ID);
      if (made !== null && parent !== null && made !== parent) parents.set(made, parent);
      for (const known of [made, parent])
        if (known !== null && !nodes.has(known)) nodes.set(known, { id: known, description: '' });
    }
  }
  return { slideSpecimen, parents, nodes };
}

/** An accession number at the start of a container identifier: "S24-00123-…", "B26-013102-…". */
const ACCESSION_PREFIX = /^[A-Z]{1,2}\d{2}-\d+(?=$|[-_\s.])/;

/**
 * The block a container (slide) identifier names: "A1-HE" → A1, "S24-123-A1" → A1,
 * "B26-013102-B2-HES" → B2; the accession number in front is not block S24.
 */
export function blockFromContainer(container: string): string | null {
  const rest = container.trim().toUpperCase().replace(ACCESSION_PREFIX, '');
  const tokens = rest.split(/[-_\s.]+/).filter((t) => t !== '');
  const found = tokens.map((t) => blockFromLabel(t)).filter((b): b is string => b !== null);
  return found[found.length - 1] ?? null;
}

export interface DicomSlideContext {
  /** The slide's block, or null when nothing names one. */
  block: string | null;
  parts: Part[];
  blocks: Block[];
}

/** The block a slide was cut from, and the parts and blocks its specimen description names. */
export function dicomSlideContext(json: DicomJson): DicomSlideContext {
  const { slideSpecimen, parents, nodes } = specimenTree(json);
  // Walk up from the slide's specimen; a loop in a broken description stops the walk.
  const chain: string[] = [];
  for (let id = slideSpecimen; id !== null && !chain.includes(id); id = parents.get(id) ?? null)
    chain.push(id);
  const up = (id: string) => id.trim().toUpperCase();
  // Ancestors first: the slide's own specimen may have any identifier ("S1" is not block S1
  // when it was cut from A2); it names the block itself only when it has no parent.
  const ordered = chain.length > 1 ? chain.slice(1) : chain;
  const block =
    ordered.map(up).find((id) => BLOCK_ID_PATTERN.test(id)) ??
    blockFromContainer(str(json, TAG.ContainerIdentifier) ?? '');
  const parts: Part[] = [];
  const blocks: Block[] = [];
  if (block !== null) {
    const partId = partOfBlock(block);
    const described = (wanted: string) =>
      [...nodes.values()].find((n) => up(n.id) === wanted)?.description ?? '';
    if (PART_ID_PATTERN.test(partId)) parts.push({ id: partId, description: described(partId) });
    blocks.push({ id: block, part: partId, description: described(block) });
  }
  return { block, parts, blocks };
}

/** The clinical information a study's attributes give, or null. */
export function dicomClinicalInfo(json: DicomJson): string | null {
  const texts = [
    str(json, CONTEXT_TAG.ReasonForTheRequestedProcedure),
    ...seq(json, CONTEXT_TAG.RequestAttributesSequence).map((r) =>
      str(r, CONTEXT_TAG.ReasonForTheRequestedProcedure),
    ),
    ...strings(json, CONTEXT_TAG.AdmittingDiagnosesDescription),
  ].filter((t): t is string => t !== null && t.trim() !== '');
  const unique = [...new Set(texts.map((t) => t.trim()))];
  return unique.length === 0 ? null : unique.join('\n');
}

/** What one slide says of its case. */
export interface DescribedSlide {
  context: DicomSlideContext;
  clinicalInfo: string | null;
}

/** The case's context from its slides (each slide describes its own specimen). */
export function mergeSlideContexts(
  slides: readonly DescribedSlide[],
): Pick<CaseContext, 'clinicalInfo' | 'parts' | 'blocks'> {
  const parts = new Map<string, Part>();
  const blocks = new Map<string, Block>();
  let clinicalInfo: string | null = null;
  for (const { context: c, clinicalInfo: info } of slides) {
    clinicalInfo ??= info;
    for (const p of c.parts) if (!parts.get(p.id)?.description) parts.set(p.id, p);
    for (const b of c.blocks) if (!blocks.get(b.id)?.description) blocks.set(b.id, b);
  }
  const natural = new Intl.Collator('en', { numeric: true });
  return {
    clinicalInfo,
    parts: [...parts.values()].sort((a, b) => natural.compare(a.id, b.id)),
    blocks: [...blocks.values()].sort((a, b) => natural.compare(a.id, b.id)),
  };
}

/** The case's context from its slides' DICOM attributes. */
export function dicomCaseContext(
  slides: readonly DicomJson[],
): Pick<CaseContext, 'clinicalInfo' | 'parts' | 'blocks'> {
  return mergeSlideContexts(
    slides.map((json) => ({
      context: dicomSlideContext(json),
      clinicalInfo: dicomClinicalInfo(json),
    })),
  );
}
