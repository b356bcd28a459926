/**
 * Reads the letter templates from disk and hands them to core's compiler. Where they are:
 * `loadTemplates(dir)`, else PA_TEMPLATES_DIR (the Lambda bundle sets /var/task/templates), else
 * templates/ beside the bundle, else the repository's templates/. Read once, at start.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileTemplates,
  TEMPLATE_SUFFIX,
  type TemplateSet,
  type TemplateSource,
} from '#core/documents/templates.ts';
import { TemplateError } from '#core/errors.ts';

/** Where the templates are when no directory is given. */
export function defaultTemplatesDir(): string {
  const fromEnv = process.env.PA_TEMPLATES_DIR;
  if (fromEnv) return fromEnv;
  const candidates = [
    fileURLToPath(new URL('./templates/', import.meta.url)),
    fileURLToPath(new URL('../../templates/', import.meta.url)),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[candidates.length - 1]!;
}

/** Every *.md.hbs file under `dir`, with its path relative to it ("/" separators). */
export function readTemplateFiles(dir: string): TemplateSource[] {
  if (!existsSync(dir))
    throw new TemplateError(`templates directory not found: ${dir} (set PA_TEMPLATES_DIR)`);
  const out: TemplateSource[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith(TEMPLATE_SUFFIX)) {
        out.push({ path: relative(dir, full).split(sep).join('/'), source: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(dir);
  return out;
}

/** Reads and compiles the templates; throws TemplateError naming the file and line of a broken one. */
export function loadTemplates(dir: string = defaultTemplatesDir()): TemplateSet {
  return compileTemplates(readTemplateFiles(dir), dir);
}
