import { ButtonEvent } from 'dictation_support';
import { describe, expect, it } from 'vitest';
import {
  BUTTON_NAMES,
  DEFAULT_BUTTON_MAPPING,
  actionsForButtons,
  parseButtonMapping,
} from './buttonMapping';

describe('dictation device buttons', () => {
  it('knows every button of dictation_support', () => {
    expect(BUTTON_NAMES).toContain('RECORD');
    expect(BUTTON_NAMES).toContain('EOL_PRIO');
    expect(BUTTON_NAMES).not.toContain('NONE');
  });

  it('acts once when a button goes down, not while it is held or when it comes up', () => {
    const m = DEFAULT_BUTTON_MAPPING;
    expect(actionsForButtons(0, ButtonEvent.RECORD, m)).toEqual(['toggleRecording']);
    expect(actionsForButtons(ButtonEvent.RECORD, ButtonEvent.RECORD, m)).toEqual([]);
    expect(actionsForButtons(ButtonEvent.RECORD, 0, m)).toEqual([]);
  });

  it('acts for each newly pressed button, in bit order, and ignores unmapped ones', () => {
    const mask = ButtonEvent.TAB_FORWARD | ButtonEvent.F2_B | ButtonEvent.INSTR;
    expect(actionsForButtons(0, mask, DEFAULT_BUTTON_MAPPING)).toEqual([
      'nextSlide',
      'nextSection',
    ]);
    // Held F2 + newly pressed EOL: only the new one acts.
    expect(
      actionsForButtons(
        ButtonEvent.F2_B,
        ButtonEvent.F2_B | ButtonEvent.EOL_PRIO,
        DEFAULT_BUTTON_MAPPING,
      ),
    ).toEqual(['sign']);
  });

  it('follows a user mapping', () => {
    expect(actionsForButtons(0, ButtonEvent.PLAY, { PLAY: 'toggleRecording' })).toEqual([
      'toggleRecording',
    ]);
    expect(actionsForButtons(0, ButtonEvent.RECORD, { PLAY: 'toggleRecording' })).toEqual([]);
  });

  it('reads a stored mapping, dropping what it does not know, and defaults on damage', () => {
    expect(parseButtonMapping('{"PLAY":"nextSlide","NOPE":"sign","STOP":"explode"}')).toEqual({
      PLAY: 'nextSlide',
    });
    expect(parseButtonMapping('not json')).toEqual(DEFAULT_BUTTON_MAPPING);
    expect(parseButtonMapping(null)).toEqual(DEFAULT_BUTTON_MAPPING);
  });
});
