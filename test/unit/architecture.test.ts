/**
 * The dependency rule of the hexagon (docs/architecture.md): core imports only core, the schemas
 * and pure libraries; use cases import only core and the schemas (their outside world comes in as
 * ports); schemas import only core and zod. A use case that imports an adapter, or core that
 * reads a file, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Libraries that do no I/O: parsing, templating, validation, ids and hashing. */
const PURE_LIBRARIES = ['zod', 'handlebars', 'marked', 'ulid', 'node:crypto'];

interface Layer {
  folder: string;
  /** Subpath-import prefixes and repository folders this layer may reach. */
  allowedAliases: string[];
  allowedFolders: string[];
  allowedPackages: string[];
}

const LAYERS: Layer[] = [
  {
    folder: 'lambdas/core',
    allowedAliases: ['#core/', '#schemas/'],
    allowedFolders: ['lambdas/core', 'lambdas/schemas'],
    allowedPackages: PURE_LIBRARIES,
  },
  {
    folder: 'lambdas/use-cases',
    allowedAliases: ['#core/', '#schemas/', '#use-cases/'],
    allowedFolders: ['lambdas/core', 'lambdas/schemas', 'lambdas/use-cases'],
    allowedPackages: [],
  },
  {
    folder: 'lambdas/schemas',
    allowedAliases: ['#core/', '#schemas/'],
    allowedFolders: ['lambdas/core', 'lambdas/schemas'],
    allowedPackages: ['zod'],
  },
];

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

/** Why an import breaks the layer's rule, or null when it is allowed. */
function violation(layer: Layer, fileFromRoot: string, specifier: string): string | null {
  if (specifier.startsWith('#')) {
    return layer.allowedAliases.some((a) => specifier.startsWith(a)) ? null : `imports ${specifier}`;
  }
  if (specifier.startsWith('.')) {
    const target = relative(ROOT, resolve(ROOT, fileFromRoot, '..', specifier));
    return layer.allowedFolders.some((f) => target === f || target.startsWith(`${f}/`))
      ? null
      : `reaches ${target}`;
  }
  const pkg = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0];
  return layer.allowedPackages.includes(pkg as string) ? null : `imports the package ${specifier}`;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${folder}/${f}`);
}

describe('the dependency rule', () => {
  it.each(LAYERS)('$folder imports only what its layer may', (layer) => {
    // Prepare
    const files = sourceFiles(layer.folder);
    // Act
    const broken = files.flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), 'utf8'))
        .map((spec) => violation(layer, file, spec))
        .filter((v): v is string => v !== null)
        .map((v) => `${file} ${v}`),
    );
    // Assess
    expect(files.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  const [core, useCases] = LAYERS as [Layer, Layer, Layer];
  it.each([
    [
      useCases,
      'lambdas/use-cases/x.ts',
      '#adapters/case-repository.ts',
      'imports #adapters/case-repository.ts',
    ],
    [useCases, 'lambdas/use-cases/x.ts', '../adapters/clock.ts', 'reaches lambdas/adapters/clock.ts'],
    [useCases, 'lambdas/use-cases/x.ts', '@aws-sdk/client-s3', 'imports the package @aws-sdk/client-s3'],
    [core, 'lambdas/core/billing/x.ts', 'node:fs', 'imports the package node:fs'],
    [core, 'lambdas/core/billing/x.ts', '#handlers/deps.ts', 'imports #handlers/deps.ts'],
    [core, 'lambdas/core/billing/x.ts', '../../../lib/routes.ts', 'reaches lib/routes.ts'],
    [core, 'lambdas/core/billing/x.ts', '../../schemas/claim.ts', null],
    [core, 'lambdas/core/billing/x.ts', '../reference/billing.json', null],
    [core, 'lambdas/core/billing/x.ts', 'zod', null],
    [useCases, 'lambdas/use-cases/x.ts', '#core/ports.ts', null],
  ])(
    '%#: a use case or core importing an adapter, I/O or infrastructure is caught',
    (layer, file, spec, expected) => {
      expect(violation(layer, file, spec)).toBe(expected);
    },
  );

  it('reads every form of import', () => {
    const source = [
      "import { a } from '#adapters/a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from '../c.ts';",
      "import d from './d.json' with { type: 'json' };",
      "const e = await import('node:fs');",
      "import './side-effect.ts';",
      'import {',
      '  f,',
      "} from 'marked';",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      '#adapters/a.ts',
      './b.ts',
      '../c.ts',
      './d.json',
      'node:fs',
      './side-effect.ts',
      'marked',
    ]);
  });
});
