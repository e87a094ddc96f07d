/**
 * TIFF LZW (compression 5): MSB-first codes of 9–12 bits, ClearCode 256, EndOfInformation
 * 257, with the "early change" of TIFF 6.0 section 13 (the code width grows one code
 * before the table is full). The decoder never writes more than `maxOutput` bytes, so a
 * hostile stream cannot make it allocate more than the caller expects.
 */
const CLEAR = 256;
const EOI = 257;
const FIRST_CODE = 258;
const MAX_CODE = 4093; // 12-bit codes; emit Clear before the table reaches 4094 (libtiff does the same)

export function lzwEncode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let bitBuf = 0;
  let bitCount = 0;
  let width = 9;
  const emit = (code: number): void => {
    bitBuf = (bitBuf << width) | code;
    bitCount += width;
    while (bitCount >= 8) {
      bitCount -= 8;
      out.push((bitBuf >>> bitCount) & 0xff);
    }
    bitBuf &= (1 << bitCount) - 1;
  };
  let table = new Map<number, number>();
  let next = FIRST_CODE;
  emit(CLEAR);
  if (input.length === 0) {
    emit(EOI);
  } else {
    let prefix = input[0] ?? 0;
    for (let i = 1; i < input.length; i++) {
      const byte = input[i] ?? 0;
      const key = (prefix << 8) | byte;
      const found = table.get(key);
      if (found !== undefined) {
        prefix = found;
        continue;
      }
      emit(prefix);
      table.set(key, next++);
      // Early change: the decoder widens when its table reaches 511/1023/2047, one entry
      // behind the encoder, hence +1 here.
      if (next + 1 > 1 << width && width < 12) width++;
      if (next >= MAX_CODE) {
        emit(CLEAR);
        table = new Map();
        next = FIRST_CODE;
        width = 9;
      }
      prefix = byte;
    }
    emit(prefix);
    if (next + 1 >= 1 << width && width < 12) width++;
    emit(EOI);
  }
  if (bitCount > 0) out.push((bitBuf << (8 - bitCount)) & 0xff);
  return Uint8Array.from(out);
}

/** Decodes at most `maxOutput` bytes; returns what was decoded (may be shorter on a truncated stream). */
export function lzwDecode(input: Uint8Array, maxOutput: number): Uint8Array {
  const out = new Uint8Array(maxOutput);
  let outPos = 0;
  // Each table entry: prefix code, last byte, length. Strings are rebuilt backwards.
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  const first = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    length[i] = 1;
    first[i] = i;
  }
  let next = FIRST_CODE;
  let width = 9;
  let old = -1;
  let bitPos = 0;
  const totalBits = input.length * 8;

  const readCode = (): number => {
    if (bitPos + width > totalBits) return EOI;
    let code = 0;
    for (let i = 0; i < width; i++) {
      const bit = ((input[(bitPos + i) >> 3] ?? 0) >> (7 - ((bitPos + i) & 7))) & 1;
      code = (code << 1) | bit;
    }
    bitPos += width;
    return code;
  };
  const writeString = (code: number): boolean => {
    const len = length[code] ?? 0;
    if (outPos + len > maxOutput) {
      // Keep what fits; the caller's size check decides whether that is an error.
      let c = code;
      const room = maxOutput - outPos;
      for (let i = len - 1; i >= 0 && c >= 0; i--) {
        if (i < room) out[outPos + i] = suffix[c] ?? 0;
        c = prefix[c] ?? -1;
      }
      outPos = maxOutput;
      return false;
    }
    let c = code;
    for (let i = len - 1; i >= 0 && c >= 0; i--) {
      out[outPos + i] = suffix[c] ?? 0;
      c = prefix[c] ?? -1;
    }
    outPos += len;
    return true;
  };

  for (;;) {
    const code = readCode();
    if (code === EOI) break;
    if (code === CLEAR) {
      next = FIRST_CODE;
      width = 9;
      old = -1;
      continue;
    }
    if (old === -1) {
      if (code > 255) break; // invalid: first code after Clear must be a literal
      if (!writeString(code)) break;
      old = code;
      continue;
    }
    if (next >= 4096) break; // table overflow without Clear: corrupt
    if (code < next) {
      if (!writeString(code)) break;
      prefix[next] = old;
      suffix[next] = first[code] ?? 0;
      first[next] = first[old] ?? 0;
      length[next] = (length[old] ?? 0) + 1;
      next++;
    } else if (code === next) {
      prefix[next] = old;
      suffix[next] = first[old] ?? 0;
      first[next] = first[old] ?? 0;
      length[next] = (length[old] ?? 0) + 1;
      next++;
      if (!writeString(code)) break;
    } else {
      break; // a code beyond the table: corrupt
    }
    old = code;
    // Early change, mirrored from the encoder: widen when the table reaches 511/1023/2047.
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return out.subarray(0, outPos);
}
