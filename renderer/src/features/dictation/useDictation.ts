/**
 * Built-in dictation in a text field: the microphone, voice-activity detection, one
 * utterance at a time to the engine, and the words written at the caret of the field
 * with the voice commands applied (electron/common/speech/voiceCommands.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Language } from '../../../../electron/common/language';
import type { SpeechStatus } from '../../../../electron/common/speech/model';
import type { DictationStep, FieldEdit } from '../../../../electron/common/speech/voiceCommands';
import { applySteps, parseUtterance } from '../../../../electron/common/speech/voiceCommands';
import type { ErrorInfo } from '../../state/types';
import { errorInfo } from '../../state/types';
import type { SpeechApi } from './dictationSlice';
import type { Microphone } from './microphone';
import { openMicrophone } from './microphone';
import { VoiceActivityDetector, pcm16Base64 } from './vad';

export interface DictationTarget {
  /** The field dictation writes into now (the section last focused), or null. */
  read(): FieldEdit | null;
  write(edit: FieldEdit): void;
  /** Moves to the next (or previous) section; the following words go there. */
  moveSection(delta: number): void;
}

export type DictationState = 'checking' | 'unavailable' | 'idle' | 'listening';

/** Writes one utterance's steps: text and in-field commands, section moves in between. */
export function writeSteps(
  target: DictationTarget,
  steps: readonly DictationStep[],
  language: Language,
): void {
  let batch: DictationStep[] = [];
  const flush = () => {
    const field = target.read();
    if (field && batch.length > 0) target.write(applySteps(field, batch, language).field);
    batch = [];
  };
  for (const step of steps) {
    if (step.kind === 'nextSection') {
      flush();
      target.moveSection(1);
    } else {
      batch.push(step);
    }
  }
  flush();
}

export function useDictation(api: SpeechApi, language: Language, target: DictationTarget) {
  const [status, setStatus] = useState<SpeechStatus | null>(null);
  const [state, setState] = useState<DictationState>('checking');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(0);
  const mic = useRef<Microphone | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const targetRef = useRef(target);
  targetRef.current = target;

  useEffect(() => {
    let live = true;
    api.getSpeechStatus({}).then(
      (s) => {
        if (!live) return;
        setStatus(s);
        setState(s.engines.some((e) => e.languages.includes(language)) ? 'idle' : 'unavailable');
      },
      (e: unknown) => {
        if (!live) return;
        setError(errorInfo(e));
        setState('unavailable');
      },
    );
    return () => {
      live = false;
    };
  }, [api, language]);

  const send = useCallback(
    (samples: Float32Array) => {
      setBusy((n) => n + 1);
      queue.current = queue.current.then(async () => {
        try {
          const { text } = await api.transcribeUtterance({
            language,
            pcmBase64: pcm16Base64(samples),
          });
          writeSteps(targetRef.current, parseUtterance(text, language), language);
          setError(null);
        } catch (e) {
          setError(errorInfo(e));
        } finally {
          setBusy((n) => n - 1);
        }
      });
    },
    [api, language],
  );

  const vad = useRef<VoiceActivityDetector | null>(null);

  const stop = useCallback(async () => {
    const current = mic.current;
    mic.current = null;
    const last = vad.current?.flush();
    vad.current = null;
    if (last) send(last);
    setState((s) => (s === 'listening' ? 'idle' : s));
    await current?.stop();
  }, [send]);

  const start = useCallback(async () => {
    if (mic.current || state !== 'idle') return;
    const detector = new VoiceActivityDetector();
    vad.current = detector;
    try {
      mic.current = await openMicrophone((samples) => {
        for (const utterance of detector.push(samples)) send(utterance);
      });
      setError(null);
      setState('listening');
    } catch (e) {
      vad.current = null;
      setError({ code: 'unavailable', message: e instanceof Error ? e.message : String(e) });
    }
  }, [send, state]);

  const toggle = useCallback(() => {
    if (mic.current) void stop();
    else void start();
  }, [start, stop]);

  // The microphone is released when the editor goes away.
  useEffect(() => () => void mic.current?.stop(), []);

  return { status, state, error, transcribing: busy > 0, start, stop, toggle };
}
