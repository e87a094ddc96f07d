import { describe, expect, it } from 'vitest';
import { buildBigramModel, corpusSentences } from './languageModel';

function section(arpa: string, name: string): string[] {
  const start = arpa.indexOf(`\\${name}:`);
  const end = arpa.indexOf('\n\n', start);
  return arpa.slice(start, end).split('\n').slice(1);
}

describe('bigram language model', () => {
  const sentences = corpusSentences(
    '# comment\nThe tumour is benign.\nThe margins are clear\nthe tumour is zzz\n',
    (w) => w !== 'zzz',
  );

  it('reads the corpus in lower case without punctuation or unknown words', () => {
    expect(sentences).toEqual([
      ['the', 'tumour', 'is', 'benign'],
      ['the', 'margins', 'are', 'clear'],
      ['the', 'tumour', 'is'],
    ]);
  });

  it('writes a well-formed ARPA model whose probabilities sum to one', () => {
    const { arpa, vocabulary } = buildBigramModel(sentences);
    expect(vocabulary).toEqual(['are', 'benign', 'clear', 'is', 'margins', 'the', 'tumour']);
    const uni = section(arpa, '1-grams');
    const bi = section(arpa, '2-grams');
    expect(arpa).toContain(`ngram 1=${uni.length}`);
    expect(arpa).toContain(`ngram 2=${bi.length}`);
    expect(arpa.trimEnd().endsWith('\\end\\')).toBe(true);
    // Unigrams (without <s>) sum to 1.
    const uniSum = uni
      .filter((l) => !l.includes('<s>'))
      .reduce((s, l) => s + 10 ** Number(l.split(' ')[0]), 0);
    expect(uniSum).toBeCloseTo(1, 3);
    // After "the", seen bigrams plus the backed-off mass of unseen words sum to 1.
    const bow = 10 ** Number(uni.find((l) => l.split(' ')[1] === 'the')!.split(' ')[2]);
    const seen = bi.filter((l) => l.split(' ')[1] === 'the');
    const seenWords = new Set(seen.map((l) => l.split(' ')[2]));
    const pSeen = seen.reduce((s, l) => s + 10 ** Number(l.split(' ')[0]), 0);
    const pUnseen = uni
      .filter((l) => !l.includes('<s>') && !seenWords.has(l.split(' ')[1]))
      .reduce((s, l) => s + bow * 10 ** Number(l.split(' ')[0]), 0);
    expect(pSeen + pUnseen).toBeCloseTo(1, 3);
  });
});
