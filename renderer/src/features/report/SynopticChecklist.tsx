import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../electron/common/contract';
import type {
  ReportTemplate,
  SynopticItem,
  SynopticValues,
} from '../../../../electron/common/reports/model';
import {
  evaluateSynoptic,
  isAnswered,
  validateSynopticValues,
} from '../../../../electron/common/reports/synoptic';
import { formatNumber } from '../../i18n';

type Value = SynopticValues[string];

/**
 * The template's synoptic checklist: pick lists as radio buttons (a select when long),
 * several answers as checkboxes, numbers with their unit and range, free text. Which items
 * show and which are required come from the shared rules (reports/synoptic.ts), the same
 * the engine checks before signing.
 */
export function SynopticChecklist({
  template,
  values,
  language,
  readOnly,
  onChange,
}: {
  template: ReportTemplate;
  values: SynopticValues;
  language: Language;
  readOnly: boolean;
  onChange: (values: SynopticValues) => void;
}) {
  const { t } = useTranslation();
  const state = evaluateSynoptic(template, values);
  const required = new Set(state.required);
  const problems = new Map(validateSynopticValues(template, values).map((p) => [p.itemId, p.code]));
  const items = new Map(template.items.map((i) => [i.id, i]));
  const set = (id: string, value: Value) => onChange({ ...values, [id]: value });
  const missing = state.required.filter((id) => !isAnswered(values[id])).length;
  return (
    <fieldset className="synoptic" data-testid="synoptic" disabled={readOnly}>
      <legend>
        {t('report.checklist')}{' '}
        <span className="muted" data-testid="synoptic-missing">
          {missing === 0
            ? t('report.checklistComplete')
            : t('report.checklistMissing', { count: missing })}
        </span>
      </legend>
      <p className="synoptic-source muted">{template.basedOn}</p>
      {state.visible.map((id) => {
        const item = items.get(id);
        if (!item) return null;
        return (
          <SynopticField
            key={id}
            item={item}
            value={values[id] ?? null}
            required={required.has(id)}
            problem={problems.get(id) ?? null}
            language={language}
            readOnly={readOnly}
            onChange={(v) => set(id, v)}
          />
        );
      })}
    </fieldset>
  );
}

/** Longest pick list shown as radio buttons; longer ones are a drop-down. */
const MAX_RADIOS = 6;

function SynopticField({
  item,
  value,
  required,
  problem,
  language,
  readOnly,
  onChange,
}: {
  item: SynopticItem;
  value: Value;
  required: boolean;
  problem: string | null;
  language: Language;
  readOnly: boolean;
  onChange: (value: Value) => void;
}) {
  const { t } = useTranslation();
  const problemText = (code: string): string => {
    switch (code) {
      case 'below_min':
        return t('report.belowMin', {
          min: formatNumber(item.min ?? 0, language, 4),
          unit: item.unit ?? '',
        });
      case 'above_max':
        return t('report.aboveMax', {
          max: formatNumber(item.max ?? 0, language, 4),
          unit: item.unit ?? '',
        });
      case 'too_many_decimals':
        return t('report.tooManyDecimals', { count: item.decimals ?? 0 });
      default:
        return t('report.invalidAnswer');
    }
  };
  const label = item.label[language];
  const domId = `synoptic-${item.id}`;
  const answered = isAnswered(value);
  const mark = required ? (
    <span className={answered ? 'synoptic-required' : 'synoptic-required is-missing'}>
      {' '}
      *<span className="visually-hidden">{t('report.required')}</span>
    </span>
  ) : null;
  const options = item.options ?? [];
  const className = `synoptic-item${required && !answered ? ' is-missing' : ''}`;

  if (item.kind === 'choice' && options.length <= MAX_RADIOS) {
    return (
      <fieldset className={className} id={domId} data-item={item.id} aria-required={required}>
        <legend>
          {label}
          {mark}
        </legend>
        <div className="synoptic-options">
          {options.map((o) => (
            <label key={o.id} className="synoptic-option">
              <input
                type="radio"
                name={domId}
                value={o.id}
                checked={value === o.id}
                onChange={() => onChange(o.id)}
              />
              {o.label[language]}
            </label>
          ))}
          {answered && !readOnly && (
            <button type="button" className="link-button" onClick={() => onChange(null)}>
              {t('report.clearAnswer')}
            </button>
          )}
        </div>
      </fieldset>
    );
  }
  if (item.kind === 'multi') {
    const list = Array.isArray(value) ? value : [];
    return (
      <fieldset className={className} id={domId} data-item={item.id} aria-required={required}>
        <legend>
          {label}
          {mark}
        </legend>
        <div className="synoptic-options">
          {options.map((o) => (
            <label key={o.id} className="synoptic-option">
              <input
                type="checkbox"
                checked={list.includes(o.id)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...list, o.id] : list.filter((v) => v !== o.id))
                }
              />
              {o.label[language]}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  return (
    <div className={className} data-item={item.id}>
      <label htmlFor={domId}>
        {label}
        {mark}
      </label>
      {item.kind === 'choice' ? (
        <select
          id={domId}
          className="select"
          value={typeof value === 'string' ? value : ''}
          aria-required={required}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">{t('report.choose')}</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label[language]}
            </option>
          ))}
        </select>
      ) : item.kind === 'number' ? (
        <NumberInput
          item={item}
          value={value}
          required={required}
          language={language}
          onChange={onChange}
        />
      ) : (
        <input
          id={domId}
          className="input"
          type="text"
          value={typeof value === 'string' ? value : ''}
          aria-required={required}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {problem && (
        <p className="synoptic-problem" role="alert">
          {problemText(problem)}
        </p>
      )}
    </div>
  );
}

/**
 * A number as typed ("12,5" in French too); stored as a number once it reads as one. The
 * text is its own state: the checklist is mounted again when the content is replaced (a
 * version restored).
 */
function NumberInput({
  item,
  value,
  required,
  language,
  onChange,
}: {
  item: SynopticItem;
  value: Value;
  required: boolean;
  language: Language;
  onChange: (value: Value) => void;
}) {
  const shown =
    typeof value === 'number' ? formatNumber(value, language, 4).replace(/\s/g, '') : '';
  const [text, setText] = useState(shown);
  const [unreadable, setUnreadable] = useState(false);
  const { t } = useTranslation();
  return (
    <span className="synoptic-number">
      <input
        id={`synoptic-${item.id}`}
        className="input"
        type="text"
        inputMode="decimal"
        value={text}
        aria-required={required}
        aria-invalid={unreadable}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === '') {
            setUnreadable(false);
            onChange(null);
            return;
          }
          const n = readNumber(next);
          setUnreadable(n === null);
          if (n !== null) onChange(n);
        }}
      />
      {item.unit && <span className="synoptic-unit">{item.unit}</span>}
      {(item.min !== undefined || item.max !== undefined) && (
        <span className="muted synoptic-range">
          {t('report.range', {
            min: item.min === undefined ? '…' : formatNumber(item.min, language, 4),
            max: item.max === undefined ? '…' : formatNumber(item.max, language, 4),
          })}
        </span>
      )}
      {unreadable && (
        <span className="synoptic-problem" role="alert">
          {t('report.notANumber')}
        </span>
      )}
    </span>
  );
}

/** "12.5" or "12,5" (a French decimal comma); null when it is not a number. */
export function readNumber(text: string): number | null {
  const s = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}
