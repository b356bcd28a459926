/** Expected findings written on one line: `errorAt(code, path, message)`, `warningAt(…)`. */
import type { Finding, FindingCode } from '#core/model.ts';

const findingOf =
  (severity: Finding['severity']) =>
  (code: FindingCode, path: string, message: string): Finding => ({ severity, code, path, message });

export const errorAt = findingOf('error');
export const warningAt = findingOf('warning');
