import { describe, it, expect } from 'vitest';
import type { KeyEventLike } from './keymap';
import {
  ANNOTATION_GESTURES,
  VIEWPORT_GESTURES,
  ANNOTATION_KEYS,
  CASE_KEYS,
  GLOBAL_KEYS,
  VIEWER_KEYS,
  WORKLIST_KEYS,
  chordMatches,
  helpLines,
  isTypingTarget,
  matchBinding,
  parseChord,
  targetOwnsKey,
} from './keymap';

const key = (k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('parseChord', () => {
  it('reads modifiers and the plus key', () => {
    expect(parseChord('Shift+R')).toEqual({ key: 'R', shift: true, ctrl: false, alt: false });
    expect(parseChord('+')).toMatchObject({ key: '+', shift: false });
    expect(parseChord('Ctrl++')).toMatchObject({ key: '+', ctrl: true });
    expect(parseChord('Ctrl+,')).toMatchObject({ key: ',', ctrl: true });
  });
});

describe('chordMatches', () => {
  it('tells r from Shift+R', () => {
    expect(chordMatches('r', key('r'))).toBe(true);
    expect(chordMatches('r', key('R', { shiftKey: true }))).toBe(false);
    expect(chordMatches('Shift+R', key('R', { shiftKey: true }))).toBe(true);
    expect(chordMatches('Shift+R', key('r'))).toBe(false);
  });

  it('lets browser and system shortcuts through', () => {
    expect(chordMatches('r', key('r', { ctrlKey: true }))).toBe(false);
    expect(chordMatches('f', key('f', { altKey: true }))).toBe(false);
    expect(chordMatches('Ctrl+,', key(',', { metaKey: true }))).toBe(true);
  });

  it('ignores Shift for symbols and digits (AZERTY)', () => {
    expect(chordMatches('?', key('?', { shiftKey: true }))).toBe(true);
    expect(chordMatches('1', key('1', { shiftKey: true }))).toBe(true);
    expect(chordMatches('+', key('+', { shiftKey: true }))).toBe(true);
  });

  it('requires Shift to match for named keys', () => {
    expect(chordMatches('ArrowUp', key('ArrowUp', { shiftKey: true }))).toBe(false);
    expect(chordMatches('Shift+ArrowUp', key('ArrowUp', { shiftKey: true }))).toBe(true);
  });
});

describe('key tables', () => {
  it('map the viewer keys of the brief', () => {
    expect(matchBinding(VIEWER_KEYS, key('6'))).toEqual({ type: 'preset', index: 5 });
    expect(matchBinding(VIEWER_KEYS, key('1'))).toEqual({ type: 'preset', index: 0 });
    expect(matchBinding(VIEWER_KEYS, key('h'))).toEqual({ type: 'home' });
    expect(matchBinding(VIEWER_KEYS, key('0'))).toEqual({ type: 'home' });
    expect(matchBinding(VIEWER_KEYS, key('R', { shiftKey: true }))).toEqual({
      type: 'rotate',
      degrees: -90,
    });
    expect(matchBinding(VIEWER_KEYS, key('f'))).toEqual({ type: 'flip' });
    expect(matchBinding(VIEWER_KEYS, key('ArrowLeft', { shiftKey: true }))).toMatchObject({
      type: 'pan',
      dx: -0.4,
    });
    expect(matchBinding(VIEWER_KEYS, key('Escape'))).toEqual({ type: 'back' });
    expect(matchBinding(VIEWER_KEYS, key('x'))).toBeNull();
  });

  it('map worklist, case and global keys', () => {
    expect(matchBinding(WORKLIST_KEYS, key('ArrowDown'))).toEqual({ type: 'move', delta: 1 });
    expect(matchBinding(WORKLIST_KEYS, key('/'))).toEqual({ type: 'focusFilter' });
    expect(matchBinding(CASE_KEYS, key('9'))).toEqual({ type: 'openSlide', position: 9 });
    expect(matchBinding(CASE_KEYS, key('Backspace'))).toEqual({ type: 'back' });
    expect(matchBinding(GLOBAL_KEYS, key('?', { shiftKey: true }))).toBe('help');
  });

  it('never bind one chord twice in a table', () => {
    for (const table of [VIEWER_KEYS, WORKLIST_KEYS, CASE_KEYS, GLOBAL_KEYS]) {
      const chords = table.flatMap((b) => b.keys);
      expect(new Set(chords).size).toBe(chords.length);
    }
  });

  it('group bindings into cheat sheet lines', () => {
    const lines = helpLines(VIEWER_KEYS);
    expect(lines[0]).toEqual({ help: 'preset', keys: ['1', '2', '3', '4', '5', '6'] });
    expect(lines.find((l) => l.help === 'pan')?.keys).toEqual([
      'ArrowLeft',
      'ArrowRight',
      'ArrowUp',
      'ArrowDown',
    ]);
  });
});

describe('annotation keys', () => {
  it('choose each tool with one letter and undo with Ctrl+Z', () => {
    expect(matchBinding(ANNOTATION_KEYS, key('v'))).toEqual({ type: 'tool', tool: 'select' });
    expect(matchBinding(ANNOTATION_KEYS, key('b'))).toEqual({ type: 'tool', tool: 'rectangle' });
    expect(matchBinding(ANNOTATION_KEYS, key('G', { shiftKey: false }))).toEqual({
      type: 'tool',
      tool: 'polygon',
    });
    expect(matchBinding(ANNOTATION_KEYS, key('z', { ctrlKey: true }))).toEqual({ type: 'undo' });
    expect(matchBinding(ANNOTATION_KEYS, key('z'))).toBeNull();
    expect(matchBinding(ANNOTATION_KEYS, key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({
      type: 'redo',
    });
    expect(matchBinding(ANNOTATION_KEYS, key('y', { metaKey: true }))).toEqual({ type: 'redo' });
    expect(matchBinding(ANNOTATION_KEYS, key('Delete'))).toEqual({ type: 'delete' });
  });

  it('accept the selected detection with Shift+A (A stays the arrow) and reject it with X', () => {
    expect(matchBinding(ANNOTATION_KEYS, key('A', { shiftKey: true }))).toEqual({
      type: 'review',
      status: 'accepted',
    });
    expect(matchBinding(ANNOTATION_KEYS, key('a'))).toEqual({ type: 'tool', tool: 'arrow' });
    expect(matchBinding(ANNOTATION_KEYS, key('x'))).toEqual({
      type: 'review',
      status: 'rejected',
    });
  });

  it('take no key of the viewer but Esc (which cancels a drawing before going back)', () => {
    const viewer = new Set(VIEWER_KEYS.flatMap((b) => b.keys));
    const shared = ANNOTATION_KEYS.flatMap((b) => b.keys).filter((k) => viewer.has(k));
    expect(shared).toEqual(['Escape']);
    const chords = ANNOTATION_KEYS.flatMap((b) => b.keys);
    expect(new Set(chords).size).toBe(chords.length);
  });

  it('list the mouse gestures with them', () => {
    expect(ANNOTATION_GESTURES.map((g) => g.help)).toEqual(['measureBox', 'annotationMenu']);
    expect(VIEWPORT_GESTURES.map((g) => g.help)).toEqual(['alignViewports']);
  });
});

describe('targetOwnsKey', () => {
  it('leaves arrows to sliders, Enter to buttons, all but Esc to text fields', () => {
    const slider = document.createElement('input');
    slider.type = 'range';
    const text = document.createElement('input');
    const button = document.createElement('button');
    expect(targetOwnsKey(slider, 'ArrowLeft')).toBe(true);
    expect(targetOwnsKey(slider, 'r')).toBe(false);
    expect(targetOwnsKey(button, 'Enter')).toBe(true);
    expect(targetOwnsKey(button, 'ArrowDown')).toBe(false);
    expect(targetOwnsKey(text, '6')).toBe(true);
    expect(targetOwnsKey(text, 'Escape')).toBe(false);
    expect(targetOwnsKey(document.body, 'Enter')).toBe(false);
  });

  it('leaves every key, Esc included, to a control inside an open dialog', () => {
    const dialog = document.createElement('dialog');
    const reason = document.createElement('textarea');
    const close = document.createElement('button');
    dialog.append(reason, close);
    document.body.append(dialog);
    dialog.setAttribute('open', '');
    expect(targetOwnsKey(reason, 'Escape')).toBe(true);
    expect(targetOwnsKey(close, 'Escape')).toBe(true);
    expect(targetOwnsKey(close, '1')).toBe(true);
    dialog.removeAttribute('open');
    expect(targetOwnsKey(reason, 'Escape')).toBe(false);
    expect(targetOwnsKey(close, 'Escape')).toBe(false);
    dialog.remove();
  });

  it('leaves Tab to controls (focus moves) and takes it on the slide (next slide)', () => {
    const button = document.createElement('button');
    const select = document.createElement('select');
    const slide = document.createElement('div');
    slide.tabIndex = 0;
    expect(targetOwnsKey(button, 'Tab')).toBe(true);
    expect(targetOwnsKey(select, 'Tab')).toBe(true);
    expect(targetOwnsKey(slide, 'Tab')).toBe(false);
    expect(targetOwnsKey(document.body, 'Tab')).toBe(false);
    expect(matchBinding(VIEWER_KEYS, key('Tab'))).toEqual({ type: 'switchSlide', delta: 1 });
    expect(matchBinding(VIEWER_KEYS, key('Tab', { shiftKey: true }))).toEqual({
      type: 'switchSlide',
      delta: -1,
    });
  });
});

describe('isTypingTarget', () => {
  it('is true in text fields only', () => {
    const text = document.createElement('input');
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTypingTarget(text)).toBe(true);
    expect(isTypingTarget(box)).toBe(false);
    expect(isTypingTarget(document.createElement('select'))).toBe(true);
    expect(isTypingTarget(document.createElement('div'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
