import { useTranslation } from 'react-i18next';
import { ZOOM_STEP } from '../../keyboard/keymap';
import { useAppStore } from '../../state/StoreContext';
import { AdjustmentsControl } from '../adjustments/AdjustmentsControl';
import { PRESETS, formatMagnificationFor, isPresetActive } from '../../viewer/magnification';
import type { RefObject } from 'react';
import type { ViewerHandle } from '../../viewer/SlideViewer';

type ViewerRef = RefObject<ViewerHandle | null>;

function ToolButton({
  label,
  onClick,
  children,
  pressed,
  disabled,
  testId,
}: {
  label: string;
  onClick: () => void;
  children: React.ReactNode;
  pressed?: boolean;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <button
      type="button"
      className="tool-button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
      data-testid={testId}
    >
      {children}
    </button>
  );
}

/** Magnification presets and the current magnification; re-renders only when it changes. */
function Presets({ viewer, known }: { viewer: ViewerRef; known: boolean }) {
  const { t } = useTranslation();
  const magnification = useAppStore((s) => s.magnification);
  const language = useAppStore((s) => s.language);
  return (
    <div className="presets" role="group" aria-label={t('viewer.magnification')}>
      <output
        className="magnification-readout"
        data-testid="magnification"
        data-value={magnification ?? ''}
        title={known ? t('viewer.magnification') : t('viewer.magnificationUnknownHint')}
      >
        {magnification !== null
          ? formatMagnificationFor(magnification, language)
          : t('viewer.magnificationUnknown')}
      </output>
      {PRESETS.map((m) => {
        const text = formatMagnificationFor(m, language);
        return (
          <button
            key={m}
            type="button"
            className="preset-button"
            aria-label={t('viewer.preset', { magnification: text })}
            title={
              known
                ? t('viewer.preset', { magnification: text })
                : t('viewer.magnificationUnknownHint')
            }
            aria-pressed={isPresetActive(m, magnification)}
            disabled={!known}
            data-testid={`preset-${m}`}
            onClick={() => viewer.current?.goToMagnification(m)}
          >
            {text}
          </button>
        );
      })}
    </div>
  );
}

export function ViewerToolbar({ viewer, mppKnown }: { viewer: ViewerRef; mppKnown: boolean }) {
  const { t } = useTranslation();
  const rotation = useAppStore((s) => s.rotation);
  const flipped = useAppStore((s) => s.flipped);
  const showNavigator = useAppStore((s) => s.showNavigator);
  const rotateBy = useAppStore((s) => s.rotateBy);
  const setRotation = useAppStore((s) => s.setRotation);
  const toggleFlip = useAppStore((s) => s.toggleFlip);
  const resetOrientation = useAppStore((s) => s.resetOrientation);
  const toggleNavigator = useAppStore((s) => s.toggleNavigator);
  const setCheatSheetOpen = useAppStore((s) => s.setCheatSheetOpen);
  // Flipped, OSD's rotation turns the other way on screen; buttons follow the screen.
  const screenRotate = (degrees: number) => rotateBy(flipped ? -degrees : degrees);
  return (
    <div
      className="viewer-toolbar"
      role="toolbar"
      aria-label={t('viewer.toolbar')}
      data-testid="viewer-toolbar"
    >
      <Presets viewer={viewer} known={mppKnown} />
      <div className="tool-group">
        <ToolButton
          label={t('viewer.zoomOut')}
          onClick={() => viewer.current?.zoomBy(1 / ZOOM_STEP)}
          testId="zoom-out"
        >
          −
        </ToolButton>
        <ToolButton
          label={t('viewer.zoomIn')}
          onClick={() => viewer.current?.zoomBy(ZOOM_STEP)}
          testId="zoom-in"
        >
          +
        </ToolButton>
        <ToolButton label={t('viewer.home')} onClick={() => viewer.current?.home()} testId="home">
          ⤢
        </ToolButton>
      </div>
      <div className="tool-group">
        <ToolButton
          label={t('viewer.rotateLeft')}
          onClick={() => screenRotate(-90)}
          testId="rotate-left"
        >
          ↺
        </ToolButton>
        <input
          type="range"
          className="rotation-slider"
          min={-180}
          max={180}
          step={1}
          value={rotation}
          aria-label={t('viewer.rotation')}
          aria-valuetext={t('viewer.rotationValue', { degrees: rotation })}
          title={t('viewer.rotation')}
          onChange={(e) => setRotation(Number(e.target.value))}
          onDoubleClick={() => setRotation(0)}
          data-testid="rotation-slider"
        />
        <output className="rotation-value" aria-hidden="true">
          {t('viewer.rotationValue', { degrees: rotation })}
        </output>
        <ToolButton
          label={t('viewer.rotateRight')}
          onClick={() => screenRotate(90)}
          testId="rotate-right"
        >
          ↻
        </ToolButton>
        <ToolButton label={t('viewer.flip')} onClick={toggleFlip} pressed={flipped} testId="flip">
          ⇋
        </ToolButton>
        <ToolButton
          label={t('viewer.resetOrientation')}
          onClick={resetOrientation}
          disabled={rotation === 0 && !flipped}
          testId="reset-orientation"
        >
          ⟲
        </ToolButton>
      </div>
      <div className="tool-group">
        <AdjustmentsControl />
        <ToolButton
          label={t('viewer.navigator')}
          onClick={toggleNavigator}
          pressed={showNavigator}
          testId="navigator"
        >
          ▣
        </ToolButton>
        <ToolButton label={t('app.shortcuts')} onClick={() => setCheatSheetOpen(true)}>
          ?
        </ToolButton>
      </div>
    </div>
  );
}
