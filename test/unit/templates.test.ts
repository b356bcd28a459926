import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTemplatesDir, loadTemplates } from '#adapters/templates.ts';
import { compileTemplates, markdownToBlocks } from '#core/documents/templates.ts';
import { TemplateError } from '#core/errors.ts';
import { DENIAL_CATEGORIES, denialCategoryRule } from '#core/remedies/denials.ts';

const REPO_TEMPLATES = new URL('../../templates/', import.meta.url).pathname;
const temps: string[] = [];

function tempTemplates(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pa-templates-'));
  temps.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  delete process.env.PA_TEMPLATES_DIR;
});

describe('loadTemplates', () => {
  it('compiles a template for every denial category and the corrected claim', () => {
    // Act
    const templates = loadTemplates(REPO_TEMPLATES);

    // Assess
    for (const category of DENIAL_CATEGORIES)
      expect(templates.has(denialCategoryRule(category).template)).toBe(true);
    expect(templates.has('corrected-claim')).toBe(true);
    expect(templates.names).not.toContain('partials/closing');
    expect(templates.version).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same version for the same files and another for an edit', () => {
    // Prepare
    const dir = tempTemplates({ 'letter.md.hbs': '# Hello {{name}}\n', 'partials/p.md.hbs': 'x' });

    // Act
    const first = loadTemplates(dir).version;
    const again = loadTemplates(dir).version;
    writeFileSync(join(dir, 'letter.md.hbs'), '# Hello again {{name}}\n');
    const edited = loadTemplates(dir).version;

    // Assess
    expect(again).toBe(first);
    expect(edited).not.toBe(first);
  });

  it.each([
    { name: 'an unclosed block', source: 'line one\nline two\n{{#if x}}\nnever closed\n', line: /line \d+/ },
    { name: 'a broken mustache', source: 'ok\n{{name}\n', line: /line 2/ },
    { name: 'an unknown partial', source: 'ok\n\n{{> missing-partial}}\n', line: /line 3.*missing-partial/ },
    { name: 'an unknown helper', source: '{{formatDate x}}\n{{shout x}}\n', line: /line 2.*shout/ },
  ])('refuses $name, naming the file and the line', ({ source, line }) => {
    // Prepare
    const dir = tempTemplates({ 'good.md.hbs': '# fine\n', 'appeal/broken.md.hbs': source });

    // Act
    const act = () => loadTemplates(dir);

    // Assess
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(/templates\/appeal\/broken\.md\.hbs/);
    expect(act).toThrow(line);
  });

  it('refuses a directory that does not exist', () => {
    expect(() => loadTemplates('/nonexistent/templates')).toThrow(TemplateError);
  });

  it('finds the templates through PA_TEMPLATES_DIR', () => {
    // Prepare
    const dir = tempTemplates({ 'only.md.hbs': '# only\n' });
    process.env.PA_TEMPLATES_DIR = dir;

    // Act
    const templates = loadTemplates();

    // Assess
    expect(defaultTemplatesDir()).toBe(dir);
    expect(templates.names).toEqual(['only']);
  });

  it('renders with partials and helpers, escaping the values', () => {
    // Prepare
    const dir = tempTemplates({
      'partials/sig.md.hbs': '```signature\n{{signer}}\n```\n',
      'letter.md.hbs': [
        '# Letter of {{formatDate date}}',
        '',
        'Note: {{note}}',
        '',
        '{{#if (eq kind "appeal")}}',
        'Codes: **{{join codes ", "}}**',
        '{{/if}}',
        '',
        '| Code | Text |',
        '| --- | --- |',
        '| {{code}} | {{cell}} |',
        '',
        '{{> sig}}',
      ].join('\n'),
    });
    const templates = loadTemplates(dir);

    // Act
    const blocks = templates.render('letter', {
      date: '2026-11-20T15:04:05Z',
      note: '# not a heading **not bold** <b>x</b>\nsecond line',
      kind: 'appeal',
      codes: ['CO-50', 'N386'],
      code: 'A|B',
      cell: 'pipe | inside',
      signer: 'Sam *Okafor*',
    });

    // Assess
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Letter of November 20, 2026' },
      // Markup in a value stays literal text; its `**` is broken by a zero-width space so the
      // renderer's own **bold** convention cannot pick it up.
      { kind: 'paragraph', text: 'Note: # not a heading *\u200B*not bold*\u200B* <b>x</b> second line' },
      { kind: 'paragraph', text: 'Codes: **CO-50, N386**' },
      { kind: 'table', header: ['Code', 'Text'], rows: [['A|B', 'pipe | inside']] },
      { kind: 'signature', lines: ['Sam *Okafor*'] },
    ]);
  });

  it('fails a render that names a field the view lacks, naming the template', () => {
    // Prepare
    const templates = loadTemplates(tempTemplates({ 'letter.md.hbs': 'Dear {{patient.name}}\n' }));

    // Act
    const act = () => templates.render('letter', { patient: {} });

    // Assess
    expect(act).toThrow(TemplateError);
    expect(act).toThrow(/templates\/letter\.md\.hbs/);
  });
});

describe('markdownToBlocks', () => {
  it('maps the Markdown subset onto document blocks', () => {
    // Prepare
    const markdown = `# Title
## Section
### Sub

A paragraph with **bold** and _emphasis_.

- one
- two **b**

1. first
2. second

\`\`\`keyvalue
Member ID: X1
Due: 2027-01-24
\`\`\`

---

<!-- pagebreak -->

<!-- a comment for editors -->`;

    // Act
    const blocks = markdownToBlocks(markdown);

    // Assess
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'heading', level: 2, text: 'Section' },
      { kind: 'heading', level: 3, text: 'Sub' },
      { kind: 'paragraph', text: 'A paragraph with **bold** and emphasis.' },
      { kind: 'list', ordered: false, items: ['one', 'two **b**'] },
      { kind: 'list', ordered: true, items: ['first', 'second'] },
      {
        kind: 'keyValue',
        rows: [
          ['Member ID', 'X1'],
          ['Due', '2027-01-24'],
        ],
      },
      { kind: 'spacer' },
      { kind: 'pageBreak' },
    ]);
  });

  it('reads the rest of Markdown as plain text: quotes, links, emphasis, nested lists, other code', () => {
    // Prepare
    const markdown = [
      '> A quoted **line**',
      '',
      'A [link](https://example.org), *em*, ~~struck~~, `code`, <span>html</span>',
      '',
      '- outer',
      '  - inner one',
      '  - inner two',
      '',
      '```text',
      'line a',
      '',
      'line b',
      '```',
      '',
      '```keyvalue',
      'No colon here',
      '```',
      '',
      '<!-- spacer -->',
    ].join('\n');

    // Act
    const blocks = markdownToBlocks(markdown);

    // Assess
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'A quoted **line**' },
      { kind: 'paragraph', text: 'A link, em, struck, code, html' },
      { kind: 'list', ordered: false, items: ['outer inner one; inner two'] },
      { kind: 'paragraph', text: 'line a' },
      { kind: 'paragraph', text: 'line b' },
      { kind: 'keyValue', rows: [['No colon here', '']] },
      { kind: 'spacer' },
    ]);
  });

  it('gives a table the column weights of the comment just before it', () => {
    // Prepare
    const markdown = '<!-- widths: 3 1.5 -->\n| A | B |\n| --- | --- |\n| x | y |\n\n| C |\n| --- |\n| z |\n';

    // Act
    const blocks = markdownToBlocks(markdown);

    // Assess
    expect(blocks).toEqual([
      { kind: 'table', header: ['A', 'B'], rows: [['x', 'y']], widths: [3, 1.5] },
      { kind: 'table', header: ['C'], rows: [['z']] },
    ]);
  });
});

describe('compileTemplates', () => {
  it.each([
    ['- dash', '- dash'],
    ['+ plus', '+ plus'],
    ['12. twelve', '12. twelve'],
    ['3) three', '3) three'],
    ['_under_ and snake_case', '_under_ and snake_case'],
    ['-5 mg', '-5 mg'],
  ])('keeps the value %j literal in a list item and a key-value row', (value, expected) => {
    // Prepare
    const templates = compileTemplates([
      { path: 'item.md.hbs', source: '- {{value}}\n\n```keyvalue\nValue: {{value}}\n```\n' },
    ]);

    // Act
    const blocks = templates.render('item', { value });

    // Assess
    expect(blocks).toEqual([
      { kind: 'list', ordered: false, items: [expected] },
      { kind: 'keyValue', rows: [['Value', expected]] },
    ]);
  });

  it('counts with thousands separators and plurals', () => {
    // Prepare
    const templates = compileTemplates([
      {
        path: 'n.md.hbs',
        source:
          '{{thousands big}}; {{counted one "unit"}}; {{counted big "unit"}}; {{counted two "child" "children"}}',
      },
    ]);

    // Act
    const [block] = templates.render('n', { big: 1950, one: 1, two: 2 });

    // Assess
    expect(block).toEqual({ kind: 'paragraph', text: '1,950; 1 unit; 1,950 units; 2 children' });
  });

  it.each([
    ['{{formatDate d}}', { d: '2026-11-20' }, 'November 20, 2026'],
    ['{{formatDate d}}', { d: new Date('2026-01-05T23:00:00Z') }, 'January 5, 2026'],
    ['{{formatDate d}}', { d: 'soon' }, 'soon'],
    ['[{{formatDate d}}]', { d: 7 }, '[]'],
    ['{{join xs}}', { xs: ['a', 'b'] }, 'a, b'],
    ['{{join xs " / "}}', { xs: ['a', 'b'] }, 'a / b'],
    ['[{{join xs}}]', { xs: 'a' }, '[]'],
    ['{{formatNumber n}}', { n: 12345 }, '12,345'],
    ['{{formatNumber n}}', { n: '12345' }, '12345'],
    ['{{inc n}}', { n: 1 }, '2'],
    ['{{plural n "unit" "units"}}', { n: 1 }, 'unit'],
    ['{{plural n "unit" "units"}}', { n: 2 }, 'units'],
    ['{{#if (and a b)}}yes{{else}}no{{/if}}', { a: true, b: false }, 'no'],
    ['{{#if (or a b)}}yes{{else}}no{{/if}}', { a: false, b: true }, 'yes'],
    ['{{#if (not a)}}yes{{else}}no{{/if}}', { a: false }, 'yes'],
    ['{{#if (ne a b)}}yes{{else}}no{{/if}}', { a: 1, b: 1 }, 'no'],
  ])('renders %s for %j as %j', (source, view, expected) => {
    // Prepare
    const templates = compileTemplates([{ path: 't.md.hbs', source }]);

    // Act
    const [block] = templates.render('t', view);

    // Assess
    expect(block).toEqual({ kind: 'paragraph', text: expected });
  });

  it('gives the same version whatever order the files arrive in', () => {
    // Prepare
    const files = [
      { path: 'a/x.md.hbs', source: 'x' },
      { path: 'a-b.md.hbs', source: 'y' },
      { path: 'partials/p.md.hbs', source: 'p' },
    ];

    // Act
    const forward = compileTemplates(files).version;
    const backward = compileTemplates([...files].reverse()).version;

    // Assess
    expect(backward).toBe(forward);
  });
});
