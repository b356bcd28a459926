/** The schema of reference/compendia.json: how a compendium citation counts (BPM ch.15 §50.4.5). */
import * as z from 'zod';

const PayerOption = z.enum(['acceptNccn2B', 'acceptLiterature']);
export type CompendiumPayerOption = z.infer<typeof PayerOption>;

const Verdict = { rating: z.enum(['supportive', 'not_supportive', 'neither']), reason: z.string() };

/** A rating: the citation's grade is one of `grades` (any case), or its category text matches `pattern`. */
const Rating = z
  .object({
    ...Verdict,
    grades: z.array(z.string()).min(1).optional(),
    pattern: z.string().optional(),
    payerOption: PayerOption.optional(),
    acceptedReason: z.string().optional(),
  })
  .refine((rating) => (rating.grades === undefined) !== (rating.pattern === undefined), {
    message: 'a rating has grades or a pattern, not both',
  })
  .refine((rating) => (rating.payerOption === undefined) === (rating.acceptedReason === undefined), {
    message: 'a payer option needs its acceptedReason',
  });

const Compendium = z.object({
  name: z.string(),
  /** Lower-case terms, any of which in the citation's source names this compendium. */
  matches: z.array(z.string()).min(1),
  recognisedFrom: z.string().optional(),
  recognisedFromReason: z.string().optional(),
  ratings: z.array(Rating).min(1),
  otherwise: z.object(Verdict),
});
export type Compendium = z.infer<typeof Compendium>;

export const CompendiaFile = z.object({
  rule: z.string(),
  recognised: z.string(),
  unrecognised: z.string(),
  accepted: z.string(),
  criterion: z.string(),
  literature: z.object({ payerOption: PayerOption, accepted: z.string(), otherwise: z.string() }),
  compendia: z.array(Compendium).min(1),
});
export type CompendiaReference = z.infer<typeof CompendiaFile>;
