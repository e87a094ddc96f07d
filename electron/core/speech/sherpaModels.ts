/**
 * Where hospital IT installs sherpa-onnx streaming models, and which files make one:
 *
 *   <models folder>/sherpa-onnx/en/   and   <models folder>/sherpa-onnx/fr/
 *     tokens.txt, encoder*.onnx, decoder*.onnx, joiner*.onnx
 *
 * which is how the sherpa-onnx streaming zipformer transducer releases unpack (for
 * example sherpa-onnx-streaming-zipformer-en-2023-06-26 and
 * sherpa-onnx-streaming-zipformer-fr-2023-04-14). When a release has both, the int8
 * files are taken: they are faster on a hospital PC's CPU.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../common/language';

export interface SherpaModelFiles {
  encoder: string;
  decoder: string;
  joiner: string;
  tokens: string;
}

/** The models folder: `LPW_SPEECH_MODELS` when set, else `<dataDir>/speech-models`. */
export function speechModelsDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.LPW_SPEECH_MODELS ?? path.join(dataDir, 'speech-models');
}

export function sherpaModelDir(modelsDir: string, language: Language): string {
  return path.join(modelsDir, 'sherpa-onnx', language);
}

function pick(files: readonly string[], part: string): string | null {
  const candidates = files.filter((f) => f.startsWith(part) && f.endsWith('.onnx'));
  return candidates.find((f) => f.includes('.int8.')) ?? candidates[0] ?? null;
}

/** The model of a language, or null when its folder lacks a file. */
export function findSherpaModel(modelsDir: string, language: Language): SherpaModelFiles | null {
  const dir = sherpaModelDir(modelsDir, language);
  let files: string[];
  try {
    files = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const encoder = pick(files, 'encoder');
  const decoder = pick(files, 'decoder');
  const joiner = pick(files, 'joiner');
  if (!encoder || !decoder || !joiner || !files.includes('tokens.txt')) return null;
  return {
    encoder: path.join(dir, encoder),
    decoder: path.join(dir, decoder),
    joiner: path.join(dir, joiner),
    tokens: path.join(dir, 'tokens.txt'),
  };
}

/**
 * Why a model's files cannot be an ONNX model, or null when they look like one. The native
 * library ends the whole process on a file it cannot parse (a C++ exception nothing can
 * catch), so obvious damage is refused here first: an ONNX file is a protobuf ModelProto,
 * whose first field is ir_version (tag byte 0x08), and is far larger than a few bytes.
 * A model damaged further inside is not detected: hospital IT checks release checksums.
 */
export function sherpaModelProblem(model: SherpaModelFiles): string | null {
  for (const file of [model.encoder, model.decoder, model.joiner]) {
    let head: Buffer;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        head = Buffer.alloc(1);
        fs.readSync(fd, head, 0, 1, 0);
      } finally {
        fs.closeSync(fd);
      }
      if (fs.statSync(file).size < 1024 || head[0] !== 0x08) {
        return `${path.basename(file)} is not an ONNX model.`;
      }
    } catch {
      return `${path.basename(file)} cannot be read.`;
    }
  }
  return fs.statSync(model.tokens).size > 0 ? null : 'tokens.txt is empty.';
}
