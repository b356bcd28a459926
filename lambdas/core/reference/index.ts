/**
 * Every reference file, validated once by its zod schema, on the first read of one of its facts
 * (a cold start that never reads a file does not pay for its validation: issue 15): a broken data
 * file fails at its first use (and in test/unit/reference, which parses every file), and core
 * modules read typed facts instead of casting JSON. The JSON is imported statically (no file
 * I/O), so the Lambda bundles carry it.
 *
 * One home per fact: indications (criteria, regimens, label limits) in indications.json,
 * codes, vials and waste rules in billing.json, compendium ratings in compendia.json, payer
 * clocks and appeal windows in decision-clocks.json and appeal-rules.json, CARC/RARC texts in
 * denials.json and their routing in denial-routing.json.
 */
import appealRulesJson from './appeal-rules.json' with { type: 'json' };
import billingJson from './billing.json' with { type: 'json' };
import compendiaJson from './compendia.json' with { type: 'json' };
import decisionClocksJson from './decision-clocks.json' with { type: 'json' };
import denialRoutingJson from './denial-routing.json' with { type: 'json' };
import denialsJson from './denials.json' with { type: 'json' };
import indicationsJson from './indications.json' with { type: 'json' };
import { BillingFile, type BillingReference } from './schemas/billing.ts';
import { CompendiaFile, type CompendiaReference } from './schemas/compendia.ts';
import {
  type DenialRouting,
  DenialRoutingFile,
  DenialsFile,
  type DenialsReference,
} from './schemas/denials.ts';
import { IndicationsFile, type IndicationsReference } from './schemas/indications.ts';
import { type AppealRules, AppealRules as AppealRulesSchema, DecisionClocks } from './schemas/payer-rules.ts';

export type { BillingReference, Vial } from './schemas/billing.ts';
export type { CompendiaReference, Compendium, CompendiumPayerOption } from './schemas/compendia.ts';
export type { DenialRouting, DenialsReference } from './schemas/denials.ts';
export type {
  CodeSpan,
  CriterionDefinition,
  FdaLabel,
  Indication,
  IndicationsReference,
  Phase,
  Regimen,
} from './schemas/indications.ts';
export {
  AppealRules,
  ClockRule,
  DecisionClocks,
  type LevelRule,
  type PlanAppealRules,
} from './schemas/payer-rules.ts';

/** The reference files by name, parsed; the test of the reference walks this list. */
export const REFERENCE_FILES = {
  'indications.json': () => IndicationsFile.parse(indicationsJson),
  'billing.json': () => BillingFile.parse(billingJson),
  'compendia.json': () => CompendiaFile.parse(compendiaJson),
  'decision-clocks.json': () => DecisionClocks.parse(decisionClocksJson),
  'appeal-rules.json': () => AppealRulesSchema.parse(appealRulesJson),
  'denials.json': () => DenialsFile.parse(denialsJson),
  'denial-routing.json': () => DenialRoutingFile.parse(denialRoutingJson),
} as const;

/**
 * The object `load()` makes, made on the first read of any of its properties (or of its keys):
 * a fact file validated on first use. Read-only, as the facts are.
 */
export function lazyFact<T extends object>(load: () => T): T {
  let made: T | undefined;
  const fact = (): T => {
    made ??= load();
    return made;
  };
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(fact(), key),
    has: (_target, key) => Reflect.has(fact(), key),
    ownKeys: () => Reflect.ownKeys(fact()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(fact(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

export const INDICATIONS_REFERENCE: IndicationsReference = lazyFact(REFERENCE_FILES['indications.json']);
/**
 * How a payer-facing letter cites label facts: the FDA label by its SPL set id and DailyMed
 * address, never the third-party mirror the fact was read through. From the file as it is (its
 * validation, INDICATIONS_REFERENCE's, checks both are strings).
 */
export const FDA_LABEL_CITATION = `${indicationsJson.label.citation}, ${indicationsJson.label.url}`;
export const BILLING_REFERENCE: BillingReference = lazyFact(REFERENCE_FILES['billing.json']);
export const COMPENDIA_REFERENCE: CompendiaReference = lazyFact(REFERENCE_FILES['compendia.json']);
export const DECISION_CLOCKS_REFERENCE: DecisionClocks = lazyFact(REFERENCE_FILES['decision-clocks.json']);
export const APPEAL_RULES_REFERENCE: AppealRules = lazyFact(REFERENCE_FILES['appeal-rules.json']);
export const DENIALS_REFERENCE: DenialsReference = lazyFact(REFERENCE_FILES['denials.json']);
/** The routing with "{hcpcs}" in its letter wording filled from billing.json, the code's one home. */
export const DENIAL_ROUTING_REFERENCE: DenialRouting = lazyFact(() =>
  withHcpcs(REFERENCE_FILES['denial-routing.json'](), BILLING_REFERENCE.hcpcs.code),
);

function withHcpcs(routing: DenialRouting, hcpcs: string): DenialRouting {
  const categories = Object.fromEntries(
    Object.entries(routing.categories).map(([name, rule]) => [
      name,
      { ...rule, remedyAsked: rule.remedyAsked.replaceAll('{hcpcs}', hcpcs) },
    ]),
  );
  return { ...routing, categories };
}
