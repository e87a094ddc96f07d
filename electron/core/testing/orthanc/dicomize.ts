/**
 * Test slides: synthetic pyramidal TIFFs made with sharp (tile content known), turned into
 * DICOM WSI instances by OrthancWSIDicomizer (Debian package orthanc-wsi). The dicomizer
 * copies the TIFF's JPEG tiles without re-encoding them (no --reencode, no --pyramid), so
 * the stored frames are the TIFF tiles with their tables merged in. Test-only code.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

export const DICOMIZER_BINARY =
  process.env['ORTHANC_WSI_DICOMIZER'] ?? '/usr/bin/OrthancWSIDicomizer';

export type ImageFlavor = 'VOLUME' | 'LABEL' | 'OVERVIEW' | 'THUMBNAIL';

export interface DicomizeOptions {
  /** DICOM attributes by keyword (as OrthancWSIDicomizer --dataset takes them), over the defaults. */
  dataset?: Record<string, unknown>;
  /** Largest instance, in MB (the dicomizer's unit, an integer); 0 means no limit. */
  maxSizeMB?: number;
  /** Microns per pixel at full resolution; sets the imaged size, hence PixelSpacing. */
  mpp?: number;
  /** Value 3 of ImageType. */
  flavor?: ImageFlavor;
}

/**
 * Attributes the WSI IOD requires that the dicomizer does not invent (after its own
 * `--sample-dataset`), so that dciodvfy has less to say about the test files.
 */
export function defaultDataset(flavor: ImageFlavor): Record<string, unknown> {
  const labelled = flavor === 'LABEL' || flavor === 'OVERVIEW';
  return {
    PatientID: 'TEST-0001',
    PatientName: 'TEST^PATIENT',
    PatientBirthDate: '19700101',
    PatientSex: 'O',
    StudyID: '1',
    AccessionNumber: 'TEST-ACC-1',
    ReferringPhysicianName: '',
    Manufacturer: 'Lille Pathology Workstation tests',
    ManufacturerModelName: 'synthetic',
    DeviceSerialNumber: '0',
    SoftwareVersions: '1',
    ImageType: `ORIGINAL\\PRIMARY\\${flavor}\\NONE`,
    FocusMethod: 'AUTO',
    ExtendedDepthOfField: 'NO',
    AcquisitionContextSequence: [],
    ContainerIdentifier: 'TEST-SLIDE-1',
    IssuerOfTheContainerIdentifierSequence: [],
    ContainerTypeCodeSequence: [],
    SpecimenLabelInImage: labelled ? 'YES' : 'NO',
    BurnedInAnnotation: labelled ? 'YES' : 'NO',
    BarcodeValue: '',
    LabelText: '',
    SeriesNumber: '1',
    SpecimenDescriptionSequence: [
      specimenDescription({ id: 'TEST-SPEC-A', substances: HE_SUBSTANCES }),
    ],
  };
}

export interface CodedConcept {
  value: string;
  scheme: string;
  meaning: string;
}

/** SNOMED CT codes of the two substances of an H&E stain. */
export const HE_SUBSTANCES: CodedConcept[] = [
  { value: '12710003', scheme: 'SCT', meaning: 'hematoxylin stain' },
  { value: '36879007', scheme: 'SCT', meaning: 'water soluble eosin stain' },
];

function code(c: CodedConcept): Record<string, string> {
  return { CodeValue: c.value, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning };
}

/**
 * One item of SpecimenDescriptionSequence with a staining step (TID 8001): processing
 * type (111701, DCM) = staining (127790008, SCT), then one "using substance" (424361007,
 * SCT) per substance, coded or as text (an antibody name, say).
 */
export function specimenDescription(spec: {
  id: string;
  shortDescription?: string;
  substances: ReadonlyArray<CodedConcept | string>;
}): Record<string, unknown> {
  const substanceItems = spec.substances.map((s) =>
    typeof s === 'string'
      ? {
          ValueType: 'TEXT',
          ConceptNameCodeSequence: [
            code({ value: '424361007', scheme: 'SCT', meaning: 'Using substance' }),
          ],
          TextValue: s,
        }
      : {
          ValueType: 'CODE',
          ConceptNameCodeSequence: [
            code({ value: '424361007', scheme: 'SCT', meaning: 'Using substance' }),
          ],
          ConceptCodeSequence: [code(s)],
        },
  );
  return {
    SpecimenIdentifier: spec.id,
    SpecimenUID: nameUid(spec.id),
    IssuerOfTheSpecimenIdentifierSequence: [],
    ...(spec.shortDescription === undefined
      ? {}
      : { SpecimenShortDescription: spec.shortDescription }),
    SpecimenPreparationSequence: [
      {
        SpecimenPreparationStepContentItemSequence: [
          {
            ValueType: 'TEXT',
            ConceptNameCodeSequence: [
              code({ value: '121041', scheme: 'DCM', meaning: 'Specimen Identifier' }),
            ],
            TextValue: spec.id,
          },
          {
            ValueType: 'CODE',
            ConceptNameCodeSequence: [
              code({ value: '111701', scheme: 'DCM', meaning: 'Processing type' }),
            ],
            ConceptCodeSequence: [code({ value: '127790008', scheme: 'SCT', meaning: 'Staining' })],
          },
          ...substanceItems,
        ],
      },
    ],
  };
}

/** A stable UID under 2.25 derived from a name (same name, same UID). */
function nameUid(name: string): string {
  let h = 0n;
  for (const ch of Buffer.from(name, 'utf8')) h = (h * 131n + BigInt(ch)) % (1n << 120n);
  return `2.25.${h.toString()}`;
}

async function run(binary: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (log = (log + s).slice(-20_000)));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (log = (log + s).slice(-20_000)));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(log)
        : reject(new Error(`${binary} exited with ${code}:\n${log.slice(-3000)}`)),
    );
  });
}

/**
 * Converts a pyramidal TIFF to DICOM instances in `outDir` (created). Returns the files
 * written, sorted. One level per TIFF level; a level larger than `maxSizeMB` is split
 * into a concatenation of several instances.
 */
export async function dicomizeSlide(
  tiffPath: string,
  outDir: string,
  options: DicomizeOptions = {},
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const flavor = options.flavor ?? 'VOLUME';
  const work = await mkdtemp(join(tmpdir(), 'lpw-dicomize-'));
  try {
    const datasetPath = join(work, 'dataset.json');
    await writeFile(
      datasetPath,
      JSON.stringify({ ...defaultDataset(flavor), ...options.dataset }, null, 2),
    );
    const before = new Set(await readdir(outDir));
    const prefix = `${flavor.toLowerCase()}-${Date.now().toString(36)}-`;
    const args = [
      tiffPath,
      '--folder',
      outDir,
      '--folder-pattern',
      `${prefix}%06d.dcm`,
      '--dataset',
      datasetPath,
      '--compression',
      'jpeg',
      '--max-size',
      String(options.maxSizeMB ?? 10),
      '--threads',
      '1',
    ];
    if (options.mpp !== undefined) {
      const meta = await sharp(tiffPath).metadata();
      // The dicomizer takes the imaged size in mm, in slide coordinates. Its image is
      // turned a quarter (ImageOrientationSlide 0\-1\0\-1\0\0): the imaged width lies
      // along the image's rows and the height along its columns, so they are swapped.
      args.push('--imaged-width', String(((meta.height ?? 0) * options.mpp) / 1000));
      args.push('--imaged-height', String(((meta.width ?? 0) * options.mpp) / 1000));
    }
    await run(DICOMIZER_BINARY, args);
    return (await readdir(outDir))
      .filter((f) => !before.has(f) && f.startsWith(prefix))
      .sort()
      .map((f) => join(outDir, f));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export interface TestTiffOptions {
  width: number;
  height: number;
  tileSize?: number;
  /** JPEG quality; with noise, higher quality means larger tiles. */
  quality?: number;
  /** Fill with pseudo-random noise (deterministic) to make large, incompressible tiles. */
  noise?: boolean;
  /** Noise amplitude, 1-127 (default 32): lower gives smaller, more realistic tiles. */
  noiseAmplitude?: number;
  /** Whether to write the reduced levels (a pyramid) or the full resolution only. */
  pyramid?: boolean;
}

/**
 * A pyramidal JPEG TIFF whose tile (c, r) at full resolution has red = 37c mod 256 and
 * green = 53r mod 256, so that a tile can be recognised from its colour.
 */
export async function makeTestTiff(path: string, options: TestTiffOptions): Promise<void> {
  const { width, height } = options;
  const tile = options.tileSize ?? 256;
  const px = Buffer.alloc(width * height * 3);
  let seed = 0x2545f491;
  const amplitude = Math.max(1, Math.min(127, options.noiseAmplitude ?? 32));
  const mask = 2 ** Math.ceil(Math.log2(amplitude * 2)) - 1;
  for (let y = 0; y < height; y++) {
    const tr = Math.floor(y / tile);
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const tc = Math.floor(x / tile);
      let n = 0;
      if (options.noise === true) {
        // xorshift32: fast, deterministic noise that JPEG cannot compress much.
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        n = (((seed >>> 0) & mask) % (amplitude * 2)) - amplitude;
      }
      px[i] = clamp(((tc * 37) & 255) + n);
      px[i + 1] = clamp(((tr * 53) & 255) + n);
      px[i + 2] = clamp(((x ^ y) & 255) + n);
    }
  }
  await sharp(px, { raw: { width, height, channels: 3 } })
    .tiff({
      tile: true,
      tileWidth: tile,
      tileHeight: tile,
      pyramid: options.pyramid ?? true,
      compression: 'jpeg',
      quality: options.quality ?? 85,
    })
    .toFile(path);
}

/** A one-tile JPEG TIFF of a flat colour, for label, overview and thumbnail images. */
export async function makeFlatTiff(
  path: string,
  width: number,
  height: number,
  rgb: { r: number; g: number; b: number },
): Promise<void> {
  // Tile sizes must be multiples of 16 (TIFF 6.0); then the image is exactly one tile.
  const w = Math.ceil(width / 16) * 16;
  const h = Math.ceil(height / 16) * 16;
  await sharp({ create: { width: w, height: h, channels: 3, background: rgb } })
    .tiff({ tile: true, tileWidth: w, tileHeight: h, compression: 'jpeg', quality: 90 })
    .toFile(path);
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
