import { describe, expect, it } from 'vitest';
import type { SpeechEngineStatus } from '../../common/speech/model';
import type { SpeechEngine } from './engine';
import { SpeechService } from './speechService';

function fakeEngine(
  id: SpeechEngine['id'],
  languages: SpeechEngineStatus['languages'],
  heard: string[],
): SpeechEngine {
  return {
    id,
    status: () => Promise.resolve({ id, languages, missing: null, installHint: '' }),
    transcribe: (pcm, language) => {
      heard.push(`${language}:${pcm.length}`);
      return Promise.resolve(`${id} words`);
    },
    close: () => Promise.resolve(),
  };
}

const pcm = Buffer.from(new Int16Array([1, -2, 3, -4]).buffer).toString('base64');

describe('SpeechService', () => {
  it('sends each utterance to the first engine with a model for its language', async () => {
    const heard: string[] = [];
    const service = new SpeechService([
      fakeEngine('sherpa-onnx', ['fr'], heard),
      fakeEngine('pocketsphinx', ['en'], heard),
    ]);
    expect(await service.transcribe('en', pcm)).toMatchObject({
      engine: 'pocketsphinx',
      text: 'pocketsphinx words',
    });
    expect(await service.transcribe('fr', pcm)).toMatchObject({ engine: 'sherpa-onnx' });
    expect(heard).toEqual(['en:4', 'fr:4']);
  });

  it('says unsupported when no engine has the language, invalid_argument for odd bytes', async () => {
    const service = new SpeechService([fakeEngine('pocketsphinx', ['en'], [])]);
    await expect(service.transcribe('fr', pcm)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(
      service.transcribe('en', Buffer.from([1, 2, 3]).toString('base64')),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
