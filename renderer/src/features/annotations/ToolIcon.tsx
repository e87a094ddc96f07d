import type { ToolId } from './tools/types';

/** 20×20 line icons, drawn in the text colour (currentColor); decorative (the button is named). */
const PATHS: Record<ToolId | 'undo' | 'redo' | 'panel', React.ReactNode> = {
  select: <path d="M5 3l10 6.5-4.5 1.2 2.8 5-1.9 1-2.8-5L5 15z" />,
  point: (
    <>
      <circle cx="10" cy="10" r="3.2" fill="currentColor" />
      <circle cx="10" cy="10" r="6.5" />
    </>
  ),
  line: (
    <>
      <path d="M3 15L15 3" />
      <path d="M5 17l-3-3M17 5l-3-3M8 12l-1.5-1.5M11 9L9.5 7.5" />
    </>
  ),
  arrow: (
    <>
      <path d="M4 16L15 5" />
      <path d="M8 5h7v7" />
    </>
  ),
  rectangle: <rect x="3" y="5" width="14" height="10" rx="1" />,
  ellipse: <ellipse cx="10" cy="10" rx="7.5" ry="5.5" />,
  polygon: (
    <>
      <path d="M4 7l6-4 6 5-2 8H5z" />
      <circle cx="4" cy="7" r="1.3" fill="currentColor" />
      <circle cx="10" cy="3" r="1.3" fill="currentColor" />
      <circle cx="16" cy="8" r="1.3" fill="currentColor" />
    </>
  ),
  freehand: <path d="M4 12c-2-5 3-9 7-8s6 5 3 8-6 1-7 3 1 3 3 3" />,
  text: (
    <>
      <path d="M4 4h12M10 4v12M7 16h6" />
    </>
  ),
  count: (
    <>
      <circle cx="6" cy="7" r="1.8" fill="currentColor" />
      <circle cx="13" cy="5.5" r="1.8" fill="currentColor" />
      <circle cx="9" cy="13" r="1.8" fill="currentColor" />
      <path d="M13 11v6M10 14h6" />
    </>
  ),
  undo: <path d="M7 5L3 9l4 4M3 9h9a5 5 0 010 10h-2" />,
  redo: <path d="M13 5l4 4-4 4M17 9H8a5 5 0 000 10h2" />,
  panel: (
    <>
      <rect x="3" y="4" width="14" height="12" rx="1" />
      <path d="M12 4v12M14 7h1M14 10h1M14 13h1" />
    </>
  ),
};

export function ToolIcon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg
      className="tool-icon"
      width="20"
      height="20"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
