/**
 * The request's words against the reference vocabulary: ICD-10-CM spans at their bounds, text
 * normalised (case, "non-small", spaces), whole-word terms, AJCC stage groups written as Arabic or
 * Roman numerals, stage words, and nodal status.
 */
import { describe, expect, it } from 'vitest';
import {
  codeInSpan,
  hasTerm,
  histologyMatches,
  normaliseStage,
  normaliseText,
  readNodes,
  stageMatches,
} from '#core/clinical/terms.ts';

describe('codeInSpan', () => {
  it.each([
    ['C34.00', { from: 'C34.00', to: 'C34.02' }, true],
    ['C34.02', { from: 'C34.00', to: 'C34.02' }, true],
    ['C34.03', { from: 'C34.00', to: 'C34.02' }, false],
    ['C33', { from: 'C34.00', to: 'C34.02' }, false],
    ['C68.9', { from: 'C65', to: 'C68' }, true],
    ['C69.0', { from: 'C65', to: 'C68' }, false],
    ['C22.1', { code: 'C22.1' }, true],
    ['C22.19', { code: 'C22.1' }, true],
    ['C22.0', { code: 'C22.1' }, false],
    ['X22.1', { code: 'C22.1' }, false],
  ])('%s in %j: %s', (code, span, expected) => {
    // Act
    const result = codeInSpan(code, span);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('normaliseText and hasTerm', () => {
  it.each([
    ['Non-Small  Cell__Carcinoma ', 'nonsmall cell carcinoma'],
    ['non small cell', 'nonsmall cell'],
    ['NON -- SMALL cell', 'nonsmall cell'],
    ['small cell', 'small cell'],
  ])('%j normalises to %j', (text, expected) => {
    // Act
    const result = normaliseText(text);

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['adjuvant chemotherapy', 'adjuvant', true],
    ['neoadjuvant chemotherapy', 'adjuvant', false],
    ['stage n+ disease', 'N+', true],
    ['xy', 'x.y', false],
    ['x.y', 'x.y', true],
  ])('%j has the term %j: %s', (text, term, expected) => {
    // Act
    const result = hasTerm(text, term);

    // Assess
    expect(result).toBe(expected);
  });

  it('matches no histology to a family the reference does not have', () => {
    // Act
    const result = histologyMatches('adenocarcinoma', 'not-a-family');

    // Assess
    expect(result).toBe(false);
  });
});

describe('normaliseStage', () => {
  it.each([
    [' Stage 3b ', 'IIIB'],
    ['stage3A', 'IIIA'],
    ['STAGE IIIa', 'IIIA'],
    ['3', 'III'],
    ['3c1', 'IIIC1'],
    ['4', 'IV'],
    ['3d', '3d'],
    ['iiic2', 'IIIC2'],
    ['0is', '0IS'],
    ['0a', '0A'],
    ['0isx', '0isx'],
    ['T0is', 't0is'],
    ['IIIB extensive', 'iiib extensive'],
    ['extensive IV', 'extensive iv'],
    ['Extensive-Stage', 'extensive stage'],
  ])('%j reads as %j', (stage, expected) => {
    // Act
    const result = normaliseStage(stage);

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['IIIB', ['III'], true],
    ['IIIC2', ['III'], true],
    ['IV', ['III'], false],
    ['IVA', ['IV'], true],
    ['II', ['IIA'], false],
    ['stage 2', ['II', 'IV'], true],
    ['recurrent metastatic', ['metastatic'], true],
    ['Locally advanced', ['locally advanced'], true],
    ['recurrent IV', ['recurrent IV'], true],
    ['limited', ['extensive'], false],
  ])('%j is in %j: %s', (stage, groups, expected) => {
    // Act
    const result = stageMatches(stage, groups);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('readNodes', () => {
  it.each([
    ['N0', false],
    [' cN2 ', true],
    [' Positive ', true],
    ['node positive', true],
    ['Node-Positive', true],
    ['nodepositive', true],
    ['N+', true],
    ['negative', false],
    ['node negative', false],
    ['nodenegative', false],
    ['positive nodes', null],
    ['not positive', null],
    ['negative margins', null],
    ['not negative', null],
    ['unknown', null],
  ])('%j reads as %s', (status, expected) => {
    // Act
    const result = readNodes(status);

    // Assess
    expect(result).toBe(expected);
  });
});
