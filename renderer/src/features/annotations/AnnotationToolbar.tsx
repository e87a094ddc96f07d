import { useTranslation } from 'react-i18next';
import { TOOL_KEYS } from '../../keyboard/keymap';
import { useAppStore } from '../../state/StoreContext';
import { colourOf } from './controller';
import { ToolIcon } from './ToolIcon';
import { TOOL_IDS } from './tools/types';

/**
 * The drawing tools, as a column at the top left of the slide: one button per tool
 * (aria-pressed on the active one, its key in the title), undo and redo, and the class new
 * annotations get (its swatch opens the panel, where it is chosen).
 */
export function AnnotationToolbar() {
  const { t } = useTranslation();
  const tool = useAppStore((s) => s.annotationTool);
  const setTool = useAppStore((s) => s.setAnnotationTool);
  const history = useAppStore((s) => s.annotationHistory);
  const undo = useAppStore((s) => s.undoAnnotation);
  const redo = useAppStore((s) => s.redoAnnotation);
  const classes = useAppStore((s) => s.annotationClasses);
  const language = useAppStore((s) => s.language);
  const drawClassId = useAppStore((s) => s.drawClassId);
  const countClassId = useAppStore((s) => s.countClassId);
  const panelOpen = useAppStore((s) => s.annotationPanelOpen);
  const setPanelOpen = useAppStore((s) => s.setAnnotationPanelOpen);
  const classId = tool === 'count' ? countClassId : drawClassId;
  const cls = classes.find((c) => c.id === classId);
  const className = cls ? cls.names[language] : t('annotations.noClass');
  const undoTitle = history.undoLabel
    ? t('annotations.undoWhat', { change: t(`annotations.change.${history.undoLabel}`) })
    : t('annotations.undo');
  const redoTitle = history.redoLabel
    ? t('annotations.redoWhat', { change: t(`annotations.change.${history.redoLabel}`) })
    : t('annotations.redo');
  return (
    <div
      className="annotation-toolbar"
      role="toolbar"
      aria-orientation="vertical"
      aria-label={t('annotations.tools')}
      data-testid="annotation-toolbar"
    >
      {TOOL_IDS.map((id) => {
        const name = t(`annotations.tool.${id}`);
        const title = t('annotations.toolTitle', { tool: name, key: TOOL_KEYS[id].toUpperCase() });
        return (
          <button
            key={id}
            type="button"
            className="tool-button annotation-tool"
            aria-label={name}
            title={title}
            aria-pressed={tool === id}
            onClick={() => setTool(id)}
            data-testid={`tool-${id}`}
          >
            <ToolIcon name={id} />
          </button>
        );
      })}
      <span className="annotation-toolbar-gap" aria-hidden="true" />
      <button
        type="button"
        className="tool-button annotation-tool"
        aria-label={undoTitle}
        title={`${undoTitle} (Ctrl+Z)`}
        disabled={!history.canUndo}
        onClick={undo}
        data-testid="annotation-undo"
      >
        <ToolIcon name="undo" />
      </button>
      <button
        type="button"
        className="tool-button annotation-tool"
        aria-label={redoTitle}
        title={`${redoTitle} (Ctrl+Shift+Z)`}
        disabled={!history.canRedo}
        onClick={redo}
        data-testid="annotation-redo"
      >
        <ToolIcon name="redo" />
      </button>
      <span className="annotation-toolbar-gap" aria-hidden="true" />
      <button
        type="button"
        className="tool-button annotation-tool annotation-class-swatch"
        aria-label={`${t(tool === 'count' ? 'annotations.count.class' : 'annotations.drawClass')}: ${className}`}
        title={`${t(tool === 'count' ? 'annotations.count.class' : 'annotations.drawClass')}: ${className}`}
        aria-pressed={panelOpen}
        onClick={() => setPanelOpen(!panelOpen)}
        data-testid="annotation-class-swatch"
      >
        <span className="class-swatch" style={{ background: colourOf(classes, classId) }} />
      </button>
    </div>
  );
}
