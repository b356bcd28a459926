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

/**
 * An x12-278 entry's envelope (API.md part 2): ISA06/ISA08 ids of at most 15 characters, refused
 * here rather than truncated on the wire; ISA15 usage P (production, the default) or T (test).
 */
export const PayerX12 = z.object({
  senderId: z.string().min(1).max(15, { error: 'x12.senderId: at most 15 characters (ISA06)' }).optional(),
  receiverId: z
    .string()
    .min(1)
    .max(15, { error: 'x12.receiverId: at most 15 characters (ISA08)' })
    .optional(),
  usage: z.enum(['P', 'T']).default('P'),
});

export const PayerEntry = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'payer id: letters, digits, . _ - (64 at most)' }),
    name: nameString().min(1),
    planType: PlanType,
    transport: z.enum(['simulator', 'manual', 'fhir-pas', 'x12-278']),
    webhookSecret: WebhookSecret,
    /** During a rotation: the secret being replaced, still accepted until the payer signs with the new one. */
    previousWebhookSecret: WebhookSecret.optional(),
    endpoint: z.url().max(2_000).optional(),
    x12: PayerX12.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((entry, ctx) => {
    // ISA08 holds 15 characters; the receiver defaults to the payer id, which may be longer.
    const receiverId = entry.x12?.receiverId ?? entry.id;
    if (entry.transport === 'x12-278' && receiverId.length > 15) {
      ctx.addIssue({
        code: 'custom',
        path: ['x12', 'receiverId'],
        message: 'an x12-278 payer needs a receiver id of at most 15 characters (ISA08): set x12.receiverId',
      });
    }
  });

export const PayerRegistryFile = z
  .array(PayerEntry)
  .min(1)
  .refine((entries) => new Set(entries.map((e) => e.id)).size === entries.length, {
    error: 'payer ids must be unique',
  });
