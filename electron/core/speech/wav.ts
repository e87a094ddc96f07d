/** A RIFF/WAVE header for 16-bit mono PCM: what the engines read from a file. */
export function wavFile(pcm: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The samples of a 16-bit mono PCM WAVE file (the data chunk found by walking chunks). */
export function pcmOfWav(file: Buffer): { pcm: Int16Array; sampleRate: number } {
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let sampleRate = 0;
  for (let at = 12; at + 8 <= file.length;) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (file.readUInt16LE(body) !== 1 || file.readUInt16LE(body + 2) !== 1) {
        throw new Error('only 16-bit mono PCM is read');
      }
      sampleRate = file.readUInt32LE(body + 4);
    } else if (id === 'data') {
      const end = Math.min(file.length, body + size);
      const copy = Buffer.from(file.subarray(body, end - ((end - body) % 2)));
      return {
        pcm: new Int16Array(copy.buffer, copy.byteOffset, copy.byteLength / 2),
        sampleRate,
      };
    }
    at = body + size + (size % 2);
  }
  throw new Error('no data chunk');
}
