/**
 * Report templates: every resources/templates/*.json, validated by ReportTemplateSchema and
 * by templateProblems (synoptic.ts). A broken file is reported with its name and the field
 * at fault, and left out; the others still load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findResourceDir } from '../resources';
import type { ReportTemplate } from '../../common/reports/model';
import { ReportTemplateSchema } from '../../common/reports/model';
import { templateProblems } from '../../common/reports/synoptic';

export interface TemplateError {
  file: string;
  message: string;
}

export interface LoadedTemplates {
  templates: ReportTemplate[];
  errors: TemplateError[];
}

/** resources/templates of the project or of the packaged app (see core/resources.ts). */
export function findTemplatesDir(from?: string): string {
  return findResourceDir('templates', from);
}

function describeZodPath(pathParts: readonly PropertyKey[]): string {
  return pathParts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** Reads and checks one template file; throws a message naming the field. */
export function parseTemplate(text: string, file: string): ReportTemplate {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const parsed = ReportTemplateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${describeZodPath(issue.path) || '(root)'}: ${issue.message}`);
  }
  const problems = templateProblems(parsed.data);
  if (problems.length > 0) throw new Error(problems.join('; '));
  if (parsed.data.id !== path.basename(file, '.json'))
    throw new Error(`id: "${parsed.data.id}" must be the file's name without .json`);
  return parsed.data;
}

export function loadTemplates(dir: string): LoadedTemplates {
  const templates: ReportTemplate[] = [];
  const errors: TemplateError[] = [];
  let files: string[];
  try {
    files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (e) {
    return { templates, errors: [{ file: path.basename(dir), message: (e as Error).message }] };
  }
  for (const file of files) {
    try {
      templates.push(parseTemplate(fs.readFileSync(path.join(dir, file), 'utf8'), file));
    } catch (e) {
      errors.push({ file, message: (e as Error).message });
    }
  }
  return { templates, errors };
}

/**
 * The shipped templates, from `dir` or resources/templates. A missing folder (a packaged
 * app built without it) is one error, not a failed start: reports still work without a
 * template.
 */
export function loadShippedTemplates(dir?: string): LoadedTemplates {
  let found: string;
  try {
    found = dir ?? findTemplatesDir();
  } catch (e) {
    return {
      templates: [],
      errors: [{ file: 'resources/templates', message: (e as Error).message }],
    };
  }
  return loadTemplates(found);
}
