/**
 * The schemas of reference/denials.json (CARC/RARC texts, triggers, appeal evidence) and
 * reference/denial-routing.json (which category and remedy each code leads to).
 */
import * as z from 'zod';

export const DenialsFile = z.object({
  _meta: z.object({ sources: z.array(z.string()).min(1), note: z.string() }),
  carc: z.array(
    z.object({
      code: z.string(),
      description: z.string(),
      status: z.string(),
      typical_durvalumab_trigger: z.string(),
      appeal_evidence: z.array(z.string()),
    }),
  ),
  rarc: z.array(
    z.object({
      code: z.string(),
      description: z.string(),
      typical_trigger: z.string(),
      action: z.string(),
    }),
  ),
  routing_rules: z.array(
    // biome-ignore lint/suspicious/noThenProperty: the data file's own field name (a rule's if/then), never awaited
    z.object({ if: z.string(), then: z.string() }),
  ),
});
export type DenialsReference = z.infer<typeof DenialsFile>;

const CodeRoute = z.object({
  category: z.string().nullable(),
  /** The reply to a remark that names no category (e.g. N386: which NCD?). */
  answer: z.string().optional(),
  description: z.string().optional(),
  generic: z.boolean().optional(),
  preferCorrection: z.boolean().optional(),
  noAppealRights: z.boolean().optional(),
  clinical: z.boolean().optional(),
  unverified: z.boolean().optional(),
});

const CategoryRule = z.object({
  title: z.string(),
  remedy: z.enum(['appeal', 'corrected_claim', 'none']),
  clinical: z.boolean().optional(),
  correctable: z.boolean().optional(),
  noneReason: z.string().optional(),
  template: z.string(),
  remedyAsked: z.string(),
});

export const DenialRoutingFile = z
  .object({
    precedence: z.array(z.string()).min(1),
    categories: z.record(z.string(), CategoryRule),
    carc: z.record(z.string(), CodeRoute),
    rarc: z.record(z.string(), CodeRoute),
    findingsThatExplain: z.array(
      z.object({ finding: z.string(), category: z.string(), explains: z.array(z.string()).min(1) }),
    ),
  })
  .superRefine((file, context) => {
    const known = new Set(file.precedence);
    const named = [
      ...Object.keys(file.categories),
      ...[...Object.values(file.carc), ...Object.values(file.rarc)].map((route) => route.category),
      ...file.findingsThatExplain.flatMap((rule) => [rule.category, ...rule.explains]),
    ];
    for (const category of named) {
      if (category !== null && !known.has(category))
        context.addIssue({ code: 'custom', message: `category ${category} is not in precedence` });
    }
    for (const category of known) {
      if (!(category in file.categories))
        context.addIssue({ code: 'custom', message: `category ${category} has no rule` });
    }
  });
export type DenialRouting = z.infer<typeof DenialRoutingFile>;
