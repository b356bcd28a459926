/**
 * The request's words against the reference vocabulary: ICD-10-CM spans at their bounds, text
 * normalised (case, "non-small", spaces), whole-word terms, AJCC stage groups written as Arabic or
 * Roman numerals, stage words, histology families, and nodal status.
 */
import { describe, it } from 'vitest';
import {
  codeInSpan,
  hasTerm,
  histologyMatches,
  normaliseStage,
  normaliseText,
  readNodes,
  stageMatches,
} from '#core/clinical/terms.ts';
import type { CodeSpan } from '#core/reference/index.ts';
import { answers, membership } from '../support/answers.ts';

describe('codeInSpan', () => {
  it.each(
    membership<string, CodeSpan>([
      [{ from: 'C34.00', to: 'C34.02' }, ['C34.00', 'C34.02'], ['C34.03', 'C33']],
      [{ from: 'C65', to: 'C68' }, ['C68.9'], ['C69.0']],
      [{ code: 'C22.1' }, ['C22.1', 'C22.19'], ['C22.0', 'X22.1']],
      [{ from: 'C34.10', to: 'C34.12' }, ['C34.10', 'C34.12', 'C3412'], ['C34.09', 'C34.2']],
      [{ code: 'C34.2' }, ['C34.2'], []],
      [{ code: 'C23' }, ['C23'], []],
      [{ code: 'C22.0' }, [], ['C22.1']],
    ]),
  )('%s in %j: %s', answers(codeInSpan));
});

describe('normaliseText, hasTerm and histologyMatches', () => {
  it.each(
    membership([
      ['adjuvant', ['adjuvant chemotherapy'], ['neoadjuvant chemotherapy']],
      ['N+', ['stage n+ disease'], []],
      ['x.y', ['x.y'], ['xy']],
    ]),
  )('%j has the term %j: %s', answers(hasTerm));

  it.each([
    ['Non-Small  Cell__Carcinoma ', 'nonsmall cell carcinoma'],
    ['non small cell', 'nonsmall cell'],
    ['NON -- SMALL cell', 'nonsmall cell'],
    ['small cell', 'small cell'],
  ])('%j normalises to %j', answers(normaliseText));

  it.each(
    membership([
      [
        'nsclc',
        ['adenocarcinoma', 'Squamous cell carcinoma', 'non-small cell carcinoma, NOS'],
        ['small cell carcinoma'],
      ],
      ['sclc', ['small cell carcinoma'], ['non-small cell carcinoma', 'NSCLC']],
      ['biliary', ['gallbladder adenocarcinoma'], ['hepatocellular carcinoma']],
      ['not-a-family', [], ['adenocarcinoma']],
    ]),
  )(
    'histology %j is in the family %j (none for a family the reference does not have): %s',
    answers(histologyMatches),
  );
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
  ])('%j reads as %j', answers(normaliseStage));

  it.each(
    membership([
      [['III'], ['IIIB', 'IIIC2', 'Stage IIIC', '3A'], ['IV', 'II']],
      [['IV'], ['IVA', 'IVB'], []],
      [['I'], ['IB'], ['II']],
      [['IIA'], [], ['II']],
      [['II'], [], ['IIIA']],
      [['II', 'IV'], ['stage 2'], []],
      [['metastatic'], ['recurrent metastatic'], []],
      [['locally advanced'], ['Locally advanced'], []],
      [['recurrent IV'], ['recurrent IV'], []],
      [['extensive'], ['extensive-stage'], ['limited']],
      [['IV', 'metastatic'], ['IVA'], []],
      [['0', 'I'], ['0is'], []],
      [['IIA', 'IIB', 'IIIA', 'IIIB'], ['IIA'], []],
    ]),
  )('%j is in %j: %s', answers(stageMatches));
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
  ])('%j reads as %s', answers(readNodes));
});
