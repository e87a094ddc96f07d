/**
 * The microphone at 16 kHz mono for built-in dictation. The AudioContext runs at 16 kHz,
 * so the browser resamples; no echo cancellation or noise suppression, which distort
 * speech for recognisers. A ScriptProcessorNode hands over the samples: deprecated but
 * available everywhere, and an AudioWorklet would need its own module file under the
 * renderer's CSP for a callback every 256 ms that does nothing but copy.
 */
import { SPEECH_SAMPLE_RATE } from '../../../../electron/common/speech/model';

export interface Microphone {
  stop(): Promise<void>;
}

export async function openMicrophone(
  onSamples: (samples: Float32Array) => void,
): Promise<Microphone> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      channelCount: 1,
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
    },
    video: false,
  });
  const context = new AudioContext({ sampleRate: SPEECH_SAMPLE_RATE });
  const source = context.createMediaStreamSource(stream);
  const processor = context.createScriptProcessor(4096, 1, 1);
  processor.onaudioprocess = (event) => {
    onSamples(new Float32Array(event.inputBuffer.getChannelData(0)));
  };
  source.connect(processor);
  // A processor only runs when connected to the output; it writes silence there.
  processor.connect(context.destination);
  return {
    async stop() {
      processor.onaudioprocess = null;
      source.disconnect();
      processor.disconnect();
      for (const track of stream.getTracks()) track.stop();
      await context.close();
    },
  };
}
