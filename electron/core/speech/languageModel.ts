/**
 * A bigram language model in ARPA format, built from a corpus of report sentences, for
 * pocketsphinx. The generic English model that comes with pocketsphinx is trained on
 * broadcast news and misses most of a pathologist's words; a domain model restricted to
 * the dictation vocabulary is what dictation products ship (a "specialty vocabulary").
 *
 * Written here because Debian's pocketsphinx 0.8 has no model builder (cmuclmtk is not
 * packaged) and a bigram with absolute discounting and back-off is forty lines. Pure.
 */
export interface ArpaModel {
  arpa: string;
  /** Every word of the model, for the pronunciation dictionary. */
  vocabulary: string[];
}

const DISCOUNT = 0.5;

/** Lower-case words of one sentence, keeping those the dictionary can pronounce. */
export function corpusSentences(corpus: string, known: (word: string) => boolean): string[][] {
  return corpus
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .map((line) =>
      line
        .toLowerCase()
        .replace(/[^a-z0-9'\s-]/g, ' ')
        .split(/[\s-]+/)
        .filter((w) => w.length > 0 && known(w)),
    )
    .filter((words) => words.length > 0);
}

const log10 = (p: number) => Math.log10(p).toFixed(4);

export function buildBigramModel(sentences: readonly string[][]): ArpaModel {
  const unigrams = new Map<string, number>();
  const bigrams = new Map<string, Map<string, number>>();
  const historyCount = new Map<string, number>();
  let total = 0;
  for (const sentence of sentences) {
    const tokens = ['<s>', ...sentence, '</s>'];
    for (let i = 0; i < tokens.length; i++) {
      const w = tokens[i]!;
      if (w !== '<s>') {
        unigrams.set(w, (unigrams.get(w) ?? 0) + 1);
        total += 1;
      }
      if (i === 0) continue;
      const h = tokens[i - 1]!;
      const row = bigrams.get(h) ?? new Map<string, number>();
      row.set(w, (row.get(w) ?? 0) + 1);
      bigrams.set(h, row);
      historyCount.set(h, (historyCount.get(h) ?? 0) + 1);
    }
  }
  const pUni = (w: string) => (unigrams.get(w) ?? 0) / total;
  const backoff = new Map<string, number>();
  const bigramLines: string[] = [];
  for (const [h, row] of bigrams) {
    const count = historyCount.get(h)!;
    let seenMass = 0;
    for (const [w, c] of row) {
      bigramLines.push(`${log10((c - DISCOUNT) / count)} ${h} ${w}`);
      seenMass += pUni(w);
    }
    const left = (DISCOUNT * row.size) / count;
    backoff.set(h, seenMass < 1 ? left / (1 - seenMass) : left);
  }
  const words = [...unigrams.keys()].sort();
  const unigramLines = [
    `-99.0000 <s> ${log10(backoff.get('<s>') ?? 1)}`,
    ...words.map((w) => {
      const bow = backoff.get(w);
      return `${log10(pUni(w))} ${w}${bow === undefined ? '' : ` ${log10(bow)}`}`;
    }),
  ];
  const arpa = [
    '\\data\\',
    `ngram 1=${unigramLines.length}`,
    `ngram 2=${bigramLines.length}`,
    '',
    '\\1-grams:',
    ...unigramLines,
    '',
    '\\2-grams:',
    ...bigramLines,
    '',
    '\\end\\',
    '',
  ].join('\n');
  return { arpa, vocabulary: words.filter((w) => w !== '</s>') };
}
