/**
 * What one function's bundle is made of (`node --import tsx bench/bundle-inputs.ts webhook`): its
 * bytes in the bundle by package (node_modules) or source folder, largest first, built with the CDK
 * app's esbuild options (lib/bundles.ts).
 */
import { bundleMetafile } from '../lib/bundles.ts';
import { ENTRY_FUNCTIONS, STEP_FUNCTIONS } from '../lib/stateless/functions.ts';

/** Bytes in the bundle of `entry` per package or source folder, largest first, and the total. */
export async function bundleInputs(
  entry: string,
): Promise<{ bytes: number; parts: Array<[string, number]> }> {
  const metafile = await bundleMetafile(entry);
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const parts = new Map<string, number>();
  for (const [path, info] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    const key = pkg ?? path.replace(/\/[^/]+$/, '');
    parts.set(key, (parts.get(key) ?? 0) + info.bytesInOutput);
  }
  return { bytes: output?.bytes ?? 0, parts: [...parts].sort((a, b) => b[1] - a[1]) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const functions: Record<string, { entry: string }> = { ...ENTRY_FUNCTIONS, ...STEP_FUNCTIONS };
  for (const name of process.argv.slice(2)) {
    const fn = functions[name];
    if (!fn) throw new Error(`no function ${name}: ${Object.keys(functions).join(', ')}`);
    const { bytes, parts } = await bundleInputs(fn.entry);
    console.log(`${name}: ${(bytes / 1024).toFixed(1)} KB`);
    for (const [part, size] of parts.slice(0, 20))
      console.log(`${(size / 1024).toFixed(1).padStart(9)} KB  ${part}`);
  }
}
