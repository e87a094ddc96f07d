/**
 * Report templates: every resources/templates/*.json, validated by ReportTemplateSchema and
 * by templateProblems (synoptic.ts). A broken file is reported with its name and the field
 * at fault, and left out; the others still load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkstationError } from '../../common/errors';
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

/**
 * resources/templates of the project, found upwards from `from`: the module's folder when
 * it has a __dirname (Vitest, the CommonJS bundle), else the working directory (tsx, where
 * npm scripts run at the repository root). No import.meta: the bundle is CommonJS.
 */
export function findTemplatesDir(
  from: string = typeof __dirname === 'string' ? __dirname : process.cwd(),
): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    // A packaged bundle runs from app.asar.unpacked while resources are packed in app.asar
    // (electron-builder.yml files): both are looked at, as for the PDF fonts.
    for (const base of new Set([dir, dir.replace(/app\.asar\.unpacked(?=$|[\\/])/, 'app.asar')])) {
      const candidate = path.join(base, 'resources', 'templates');
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new WorkstationError('internal', 'The report templates (resources/templates) are missing.');
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
