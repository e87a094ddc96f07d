/**
 * Every keyboard shortcut, as data: the handlers match events against these tables and the
 * cheat sheet lists them, so the two never disagree. Pure, tested without a browser.
 *
 * Chords are written like "Shift+R", "Ctrl+,", "ArrowUp", "?". Matching rules:
 * - Ctrl (or ⌘), Alt must be exactly as written, so browser and system shortcuts pass.
 * - Shift must match for letters and named keys (R vs Shift+R, ArrowUp vs Shift+ArrowUp);
 *   it is ignored for printed symbols and digits, whose Shift state depends on the keyboard
 *   layout ("?" needs Shift on QWERTY and AZERTY, digits need it on AZERTY).
 */
import type { Messages } from '../i18n/en';

export type HelpId = keyof Messages['keys'];

export interface Binding<A> {
  keys: readonly string[];
  action: A;
  /** Bindings with the same help text share one line of the cheat sheet. */
  help: HelpId;
}

export interface KeyEventLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

interface Chord {
  key: string;
  shift: boolean;
  ctrl: boolean;
  alt: boolean;
}

export function parseChord(chord: string): Chord {
  const parts =
    chord === '+'
      ? ['+']
      : chord.endsWith('++')
        ? [...chord.slice(0, -2).split('+'), '+']
        : chord.split('+');
  const key = parts[parts.length - 1] ?? '';
  const mods = new Set(parts.slice(0, -1));
  return { key, shift: mods.has('Shift'), ctrl: mods.has('Ctrl'), alt: mods.has('Alt') };
}

const isLetter = (k: string) => k.length === 1 && k.toLowerCase() !== k.toUpperCase();
const isNamed = (k: string) => k.length > 1;

export function chordMatches(chord: string, e: KeyEventLike): boolean {
  const c = parseChord(chord);
  if (c.ctrl !== (e.ctrlKey || e.metaKey) || c.alt !== e.altKey) return false;
  if (isLetter(c.key)) return c.shift === e.shiftKey && e.key.toLowerCase() === c.key.toLowerCase();
  if (isNamed(c.key)) return c.shift === e.shiftKey && e.key === c.key;
  return e.key === c.key;
}

export function matchBinding<A>(bindings: readonly Binding<A>[], e: KeyEventLike): A | null {
  for (const b of bindings) if (b.keys.some((k) => chordMatches(k, e))) return b.action;
  return null;
}

/** Focus is in a text field: letters and digits belong to it, not to shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range'].includes(target.type);
  }
  return false;
}

const NAVIGATION_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/**
 * Whether the focused control handles `key` itself, so a screen shortcut must not: an open
 * dialog takes every key, text fields every key but Escape, sliders the arrows, buttons
 * Enter and Space.
 */
export function targetOwnsKey(target: EventTarget | null, key: string): boolean {
  // A modal dialog (sign-out, versions...) owns every key: Esc closes it, not the screen behind.
  if (typeof HTMLElement !== 'undefined' && target instanceof HTMLElement) {
    if (target.closest('dialog[open]') !== null) return true;
  }
  if (isTypingTarget(target)) return key !== 'Escape';
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement && target.type === 'range')
    return NAVIGATION_KEYS.has(key);
  // Tab keeps moving the focus between controls; on the slide itself it moves between slides.
  if (key === 'Tab' && isControl(target)) return true;
  if (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement)
    return key === 'Enter' || key === ' ';
  return false;
}

function isControl(target: HTMLElement): boolean {
  return (
    target instanceof HTMLButtonElement ||
    target instanceof HTMLAnchorElement ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  );
}

// ---------------------------------------------------------------------------------------

export type GlobalAction = 'help' | 'settings';
export const GLOBAL_KEYS: readonly Binding<GlobalAction>[] = [
  { keys: ['?'], action: 'help', help: 'help' },
  { keys: ['Ctrl+,'], action: 'settings', help: 'settings' },
];
/** Listed in the cheat sheet; handled by each overlay. */
export const OVERLAY_KEYS: readonly Binding<'close'>[] = [
  { keys: ['Escape'], action: 'close', help: 'closeOverlay' },
];

export type WorklistAction =
  | { type: 'move'; delta: number }
  | { type: 'open' }
  | { type: 'focusFilter' }
  | { type: 'clearFilter' };
const PAGE = 10;
export const WORKLIST_KEYS: readonly Binding<WorklistAction>[] = [
  { keys: ['ArrowUp'], action: { type: 'move', delta: -1 }, help: 'moveSelection' },
  { keys: ['ArrowDown'], action: { type: 'move', delta: 1 }, help: 'moveSelection' },
  { keys: ['PageUp'], action: { type: 'move', delta: -PAGE }, help: 'moveSelectionPage' },
  { keys: ['PageDown'], action: { type: 'move', delta: PAGE }, help: 'moveSelectionPage' },
  { keys: ['Home'], action: { type: 'move', delta: -Infinity }, help: 'moveSelectionEnds' },
  { keys: ['End'], action: { type: 'move', delta: Infinity }, help: 'moveSelectionEnds' },
  { keys: ['Enter'], action: { type: 'open' }, help: 'openCase' },
  { keys: ['/'], action: { type: 'focusFilter' }, help: 'focusFilter' },
  { keys: ['Escape'], action: { type: 'clearFilter' }, help: 'clearFilter' },
];

export type CaseAction = { type: 'openSlide'; position: number } | { type: 'back' };
export const CASE_KEYS: readonly Binding<CaseAction>[] = [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n): Binding<CaseAction> => ({
    keys: [String(n)],
    action: { type: 'openSlide', position: n },
    help: 'openSlide',
  })),
  { keys: ['Escape', 'Backspace'], action: { type: 'back' }, help: 'backToWorklist' },
];

/**
 * Next and previous case of the worklist as it is filtered and sorted, on the case and
 * viewer screens. Shift+N and Shift+P: N is the annotation panel and P the point tool,
 * which take no Shift; arrows and Page keys already move within the case.
 */
export type CaseNavigationAction = { type: 'case'; delta: 1 | -1 };
export const CASE_NAVIGATION_KEYS: readonly Binding<CaseNavigationAction>[] = [
  { keys: ['Shift+N'], action: { type: 'case', delta: 1 }, help: 'nextCase' },
  { keys: ['Shift+P'], action: { type: 'case', delta: -1 }, help: 'previousCase' },
];

export type ViewerAction =
  | { type: 'preset'; index: number }
  | { type: 'home' }
  | { type: 'zoom'; factor: number }
  | { type: 'pan'; dx: number; dy: number }
  | { type: 'rotate'; degrees: number }
  | { type: 'resetOrientation' }
  | { type: 'flip' }
  | { type: 'navigator' }
  | { type: 'coverage' }
  | { type: 'switchSlide'; delta: number }
  | { type: 'sync' }
  | { type: 'cycleViewport' }
  | { type: 'layout' }
  | { type: 'back' };

/** Arrow keys move by this fraction of the view; with Shift, by `PAN_FAST`. */
export const PAN_STEP = 0.1;
export const PAN_FAST = 0.4;
/** Each zoom key press multiplies the zoom by this (√2: two presses per magnification step). */
export const ZOOM_STEP = Math.SQRT2;
export const FINE_ROTATION = 5;

export const VIEWER_KEYS: readonly Binding<ViewerAction>[] = [
  ...[1, 2, 3, 4, 5, 6].map((n): Binding<ViewerAction> => ({
    keys: [String(n)],
    action: { type: 'preset', index: n - 1 },
    help: 'preset',
  })),
  { keys: ['0', 'h'], action: { type: 'home' }, help: 'home' },
  { keys: ['+', '='], action: { type: 'zoom', factor: ZOOM_STEP }, help: 'zoomIn' },
  { keys: ['-', '_'], action: { type: 'zoom', factor: 1 / ZOOM_STEP }, help: 'zoomOut' },
  { keys: ['ArrowLeft'], action: { type: 'pan', dx: -PAN_STEP, dy: 0 }, help: 'pan' },
  { keys: ['ArrowRight'], action: { type: 'pan', dx: PAN_STEP, dy: 0 }, help: 'pan' },
  { keys: ['ArrowUp'], action: { type: 'pan', dx: 0, dy: -PAN_STEP }, help: 'pan' },
  { keys: ['ArrowDown'], action: { type: 'pan', dx: 0, dy: PAN_STEP }, help: 'pan' },
  { keys: ['Shift+ArrowLeft'], action: { type: 'pan', dx: -PAN_FAST, dy: 0 }, help: 'panFast' },
  { keys: ['Shift+ArrowRight'], action: { type: 'pan', dx: PAN_FAST, dy: 0 }, help: 'panFast' },
  { keys: ['Shift+ArrowUp'], action: { type: 'pan', dx: 0, dy: -PAN_FAST }, help: 'panFast' },
  { keys: ['Shift+ArrowDown'], action: { type: 'pan', dx: 0, dy: PAN_FAST }, help: 'panFast' },
  { keys: ['r'], action: { type: 'rotate', degrees: 90 }, help: 'rotate' },
  { keys: ['Shift+R'], action: { type: 'rotate', degrees: -90 }, help: 'rotateBack' },
  { keys: ['['], action: { type: 'rotate', degrees: -FINE_ROTATION }, help: 'rotateFine' },
  { keys: [']'], action: { type: 'rotate', degrees: FINE_ROTATION }, help: 'rotateFine' },
  { keys: ['o'], action: { type: 'resetOrientation' }, help: 'resetOrientation' },
  { keys: ['f'], action: { type: 'flip' }, help: 'flip' },
  { keys: ['m'], action: { type: 'navigator' }, help: 'navigator' },
  { keys: ['Shift+C'], action: { type: 'coverage' }, help: 'coverage' },
  { keys: ['PageUp'], action: { type: 'switchSlide', delta: -1 }, help: 'switchSlide' },
  { keys: ['PageDown'], action: { type: 'switchSlide', delta: 1 }, help: 'switchSlide' },
  { keys: ['Shift+Tab'], action: { type: 'switchSlide', delta: -1 }, help: 'switchSlide' },
  { keys: ['Tab'], action: { type: 'switchSlide', delta: 1 }, help: 'switchSlide' },
  { keys: ['Shift+L'], action: { type: 'layout' }, help: 'viewportLayout' },
  { keys: ['s'], action: { type: 'sync' }, help: 'syncViewports' },
  { keys: ['w'], action: { type: 'cycleViewport' }, help: 'nextViewport' },
  { keys: ['Escape', 'Backspace'], action: { type: 'back' }, help: 'backToCase' },
];

/**
 * Annotation tools and edits, in the viewer. Checked before VIEWER_KEYS; Esc is listed
 * here for what it does while drawing (cancel) and stays "back to the case" otherwise.
 * Letters are those not taken by the viewer (R rotates, so the rectangle is B for box;
 * P is the point, so the polygon is G).
 */
export type AnnotationAction =
  | { type: 'tool'; tool: AnnotationToolId }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'delete' }
  | { type: 'finish' }
  | { type: 'cancel' }
  | { type: 'panel' }
  | { type: 'review'; status: 'accepted' | 'rejected' };
export type AnnotationToolId =
  | 'select'
  | 'point'
  | 'line'
  | 'arrow'
  | 'rectangle'
  | 'ellipse'
  | 'polygon'
  | 'freehand'
  | 'text'
  | 'count';

/** The key of each tool, also shown in its button's title. */
export const TOOL_KEYS: Readonly<Record<AnnotationToolId, string>> = {
  select: 'v',
  point: 'p',
  line: 'l',
  arrow: 'a',
  rectangle: 'b',
  ellipse: 'e',
  polygon: 'g',
  freehand: 'd',
  text: 't',
  count: 'c',
};

const toolHelp = {
  select: 'toolSelect',
  point: 'toolPoint',
  line: 'toolLine',
  arrow: 'toolArrow',
  rectangle: 'toolRectangle',
  ellipse: 'toolEllipse',
  polygon: 'toolPolygon',
  freehand: 'toolFreehand',
  text: 'toolText',
  count: 'toolCount',
} as const satisfies Record<AnnotationToolId, HelpId>;

export const ANNOTATION_KEYS: readonly Binding<AnnotationAction>[] = [
  ...(Object.keys(TOOL_KEYS) as AnnotationToolId[]).map((tool): Binding<AnnotationAction> => ({
    keys: [TOOL_KEYS[tool]],
    action: { type: 'tool', tool },
    help: toolHelp[tool],
  })),
  { keys: ['Ctrl+Z'], action: { type: 'undo' }, help: 'undo' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], action: { type: 'redo' }, help: 'redo' },
  { keys: ['Delete'], action: { type: 'delete' }, help: 'deleteAnnotation' },
  { keys: ['Enter'], action: { type: 'finish' }, help: 'finishPolygon' },
  { keys: ['Escape'], action: { type: 'cancel' }, help: 'cancelDrawing' },
  { keys: ['n'], action: { type: 'panel' }, help: 'annotationPanel' },
  // The selected AI detection: A is the arrow tool and R rotates, so accepting takes Shift
  // (A as in accept and accepter) and rejecting is X (a cross, free in the viewer).
  { keys: ['Shift+A'], action: { type: 'review', status: 'accepted' }, help: 'acceptDetection' },
  { keys: ['x'], action: { type: 'review', status: 'rejected' }, help: 'rejectDetection' },
];

/** Mouse gestures of the viewports side by side, listed with the viewer's keys. */
export const VIEWPORT_GESTURES: readonly { keys: readonly string[]; help: HelpId }[] = [
  { keys: ['Ctrl+Drag'], help: 'alignViewports' },
];

/** Mouse gestures of the viewer, listed with the annotation keys (never matched to keys). */
export const ANNOTATION_GESTURES: readonly { keys: readonly string[]; help: HelpId }[] = [
  { keys: ['Shift+Drag'], help: 'measureBox' },
  { keys: ['RightClick'], help: 'annotationMenu' },
];

/** Lines of the cheat sheet: the keys of every binding sharing one help text, in order. */
export function helpLines<A>(bindings: readonly Binding<A>[]): { help: HelpId; keys: string[] }[] {
  const lines: { help: HelpId; keys: string[] }[] = [];
  for (const b of bindings) {
    const line = lines.find((l) => l.help === b.help);
    if (line) line.keys.push(...b.keys);
    else lines.push({ help: b.help, keys: [...b.keys] });
  }
  return lines;
}
