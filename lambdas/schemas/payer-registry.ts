/**
 * The payer registry of API.md: one entry a payer.
 */
import * as z from 'zod';
import { PlanType } from '#core/model.ts';
import { nameString } from './limits.ts';

/** A Standard Webhooks secret: whsec_ and at least 24 random bytes in base64. */
const WebhookSecret = nameString()
  .regex(/^whsec_[A-Za-z0-9+/=]+$/, { error: 'webhookSecret must be whsec_ followed by base64' })
  .refine((s) => Buffer.from(s.slice(6), 'base64').length >= 24, {
    error: 'webhookSecret must hold at least 24 random bytes',
  });

export const PayerEntry = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'payer id: letters, digits, . _ - (64 at most)' }),
  name: nameString().min(1),
  planType: PlanType,
  transport: z.enum(['simulator', 'manual', 'fhir-pas', 'x12-278']),
  webhookSecret: WebhookSecret,
  /** During a rotation: the secret being replaced, still accepted until the payer signs with the new one. */
  previousWebhookSecret: WebhookSecret.optional(),
  endpoint: z.url().max(2_000).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

export const PayerRegistryFile = z
  .array(PayerEntry)
  .min(1)
  .refine((entries) => new Set(entries.map((e) => e.id)).size === entries.length, {
    error: 'payer ids must be unique',
  });
