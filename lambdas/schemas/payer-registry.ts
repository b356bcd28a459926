/**
 * The payer registry of API.md: one entry a payer.
 */
import * as z from 'zod';
import { SiteOfCarePolicy } from '#core/clinical/site-of-care.ts';
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

/**
 * The secrets a registry entry may name for a private key (auth.privateKeyJwk as a secret ARN):
 * the functions that call payers may read these and no other (lib/stateless/access.ts).
 */
export const PAYER_KEY_SECRET_PREFIX = 'durvalumab-pa/payer-keys/';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http to this machine's loopback (tests and local stand-ins), as payer-http.ts allows. */
const ServiceUrl = z
  .url()
  .max(2_000)
  .refine(
    (u) => {
      const url = URL.parse(u);
      // Not a URL at all: z.url() says so.
      if (!url) return true;
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    },
    { error: 'must be an https URL (http only to this machine, for tests)' },
  );

/**
 * A private key as a JWK, signing the SMART Backend Services client assertion: RSA (RS384) or EC
 * on P-384 (ES384), with the kid the payer registered it under (the JWT header carries it).
 */
export const PrivateJwk = z
  .looseObject({
    kty: z.enum(['RSA', 'EC'], { error: 'kty: RSA (RS384) or EC (ES384)' }),
    kid: z.string().min(1, { error: 'kid: the key id the payer knows the public key by' }).max(200),
    d: z.string().min(1, { error: 'd: the private part of the key is required' }),
    alg: z.enum(['RS384', 'ES384']).optional(),
    crv: z.string().optional(),
  })
  .superRefine((jwk, ctx) => {
    if (jwk.kty === 'EC' && jwk.crv !== 'P-384') {
      ctx.addIssue({ code: 'custom', path: ['crv'], message: 'an EC key must be on P-384 (ES384)' });
    }
    if (jwk.alg && jwk.alg !== signingAlg(jwk.kty)) {
      ctx.addIssue({
        code: 'custom',
        path: ['alg'],
        message: `a ${jwk.kty} key signs ${signingAlg(jwk.kty)}`,
      });
    }
  });
export type PrivateJwk = z.infer<typeof PrivateJwk>;

/** The SMART Backend Services algorithm of a key type: RS384 for RSA, ES384 for EC. */
export function signingAlg(kty: 'RSA' | 'EC'): 'RS384' | 'ES384' {
  return kty === 'RSA' ? 'RS384' : 'ES384';
}

/** The ARN of a Secrets Manager secret under PAYER_KEY_SECRET_PREFIX (holding a PrivateJwk). */
const KeySecretArn = z
  .string()
  .max(2_048)
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:durvalumab-pa\/payer-keys\/[A-Za-z0-9/_+=.@-]+$/,
    {
      error: `privateKeyJwk: a private JWK, or the ARN of a secret named ${PAYER_KEY_SECRET_PREFIX}...`,
    },
  );

/**
 * SMART Backend Services (API.md part 2, "Payer transports: authentication"): an access token
 * from tokenUrl by client_credentials with a private_key_jwt assertion, sent as a bearer token.
 */
export const SmartBackendAuth = z.object({
  type: z.literal('smart-backend'),
  tokenUrl: ServiceUrl,
  clientId: z.string().min(1).max(255),
  privateKeyJwk: z.union([PrivateJwk, KeySecretArn], {
    error: `privateKeyJwk: a private JWK, or the ARN of a secret named ${PAYER_KEY_SECRET_PREFIX}...`,
  }),
  scope: z.string().min(1).max(1_000).default('system/Claim.write'),
});
export type SmartBackendAuth = z.infer<typeof SmartBackendAuth>;

/** HTTP Basic over TLS (an X12 endpoint's usual credentials): user id and password. */
export const BasicAuth = z.object({
  type: z.literal('basic'),
  username: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^:]+$/, { error: 'username: no colon (HTTP Basic)' }),
  password: z.string().min(1).max(1_000),
});

/** How the product authenticates to a payer's endpoint (fhir-pas and x12-278 entries). */
export const PayerAuth = z.discriminatedUnion('type', [SmartBackendAuth, BasicAuth], {
  error: 'auth.type: smart-backend or basic',
});
export type PayerAuth = z.infer<typeof PayerAuth>;

/**
 * Rates the payer allows per unit of a HCPCS code (its contract, or an ASP-based rate), each with
 * its source: a remittance's allowed amount below one raises UNDERPAID. No rate is ever assumed.
 */
export const PayerRates = z.record(
  z.string().regex(/^[A-Z0-9]{5}$/),
  z.object({
    allowedPerUnit: z.number().positive().max(1_000_000),
    source: z.string().min(1, { error: 'rates: say where the rate comes from' }).max(2_000),
  }),
  {
    error: (issue) =>
      issue.code === 'invalid_key' ? 'rates: each key is a HCPCS code, e.g. J9173' : undefined,
  },
);

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
    auth: PayerAuth.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    rates: PayerRates.optional(),
    siteOfCarePolicy: SiteOfCarePolicy.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.auth && entry.transport !== 'fhir-pas' && entry.transport !== 'x12-278') {
      ctx.addIssue({
        code: 'custom',
        path: ['auth'],
        message: 'auth is for the fhir-pas and x12-278 transports (they call the payer)',
      });
    }
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
