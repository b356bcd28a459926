/**
 * The agents of a plan or a history entry as canonical names, and which phase of an
 * indication's regimen (with its combination rule) a plan asks for.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Indication, Phase } from '../reference/index.ts';
import { normaliseText, vocabulary } from './terms.ts';

export type Plan = PriorAuthRequest['treatmentPlan'];
export type TherapyEntry = PriorAuthRequest['oncologicHistory'][number];

export function agentIs(agent: string, name: string): boolean {
  return agent === name || [' ', '-', '('].some((separator) => agent.startsWith(`${name}${separator}`));
}

export function canonicalAgent(agent: string): string {
  const text = normaliseText(agent);
  for (const [name, synonyms] of Object.entries(vocabulary.agentSynonyms)) {
    if ([name, ...synonyms].some((candidate) => agentIs(text, candidate))) return name;
  }
  return text;
}

/** The agents of a list as canonical names, abbreviations (FLOT) expanded, durvalumab left out. */
export function expandAgents(agents: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of agents) {
    for (const part of entry.split(/[/+,]/)) {
      const text = normaliseText(part);
      if (text === '') continue;
      const expansion = vocabulary.regimenAbbreviations[text.replace(/[\s-]/g, '')];
      for (const agent of expansion ?? [text]) {
        const canonical = canonicalAgent(agent);
        if (canonical !== 'durvalumab' && !out.includes(canonical)) out.push(canonical);
      }
    }
  }
  return out;
}

export function groupNames(name: string): string[] {
  return name === '@platinum' ? vocabulary.platinumAgents : [name];
}

export function satisfiesGroup(agents: readonly string[], group: readonly string[]): string | undefined {
  const names = group.flatMap(groupNames);
  return agents.find((agent) => names.some((name) => agentIs(agent, name)));
}

export function describeGroup(group: readonly string[]): string {
  return group.map((name) => (name === '@platinum' ? 'a platinum agent' : name)).join(' or ');
}

/** The agents a phase allows beside the required ones (its "others: none" rule). */
export function allowedAgents(phase: Phase): string[] {
  const spec = phase.combination;
  return [...spec.required.flat().flatMap(groupNames), ...(spec.optional ?? [])];
}

/** Whether the agents fit a phase's combination rule. */
export function fitsCombination(
  agents: readonly string[],
  phase: Phase,
  historyAgents: readonly string[] = [],
): boolean {
  const spec = phase.combination;
  const pool = spec.requiredMayBeInHistory ? [...agents, ...historyAgents] : agents;
  if (!spec.required.every((group) => satisfiesGroup(pool, group) !== undefined)) return false;
  if (spec.others === 'allowed') return true;
  const allowed = allowedAgents(phase);
  return agents.every((agent) => allowed.some((name) => agentIs(agent, name)));
}

export function historyAgents(history: readonly TherapyEntry[]): string[] {
  return expandAgents(history.flatMap((entry) => entry.agents));
}

function phaseNamed(phases: readonly Phase[], name: string): Phase | undefined {
  const stated = normaliseText(name);
  return (
    phases.find((phase) => normaliseText(phase.id) === stated) ??
    phases.find((phase) => phase.aliases.some((alias) => normaliseText(alias) === stated))
  );
}

/**
 * The phase of an indication's regimen the plan asks for: the one it names
 * (treatmentPlan.phase), else the one whose combination fits, else the one whose interval fits,
 * else the first.
 */
export function resolvePhase(
  indication: Indication,
  plan: Plan,
  history: readonly TherapyEntry[] = [],
): Phase {
  const phases = indication.phases;
  const first = phases[0]!;
  if (phases.length === 1) return first;
  const named = plan.phase === undefined ? undefined : phaseNamed(phases, plan.phase);
  if (named) return named;
  const agents = expandAgents(plan.combination);
  const previous = historyAgents(history);
  const fitting = phases.filter((phase) => fitsCombination(agents, phase, previous));
  const byInterval = (candidates: readonly Phase[]) =>
    candidates.find((phase) =>
      phase.regimens.some((regimen) => regimen.intervalWeeks === plan.intervalWeeks),
    );
  return byInterval(fitting) ?? fitting[0] ?? byInterval(phases) ?? first;
}
