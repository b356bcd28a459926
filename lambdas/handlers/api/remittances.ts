/**
 * The remittance routes of the /v1 API (index.ts spreads them into its table): POST an 835 as
 * `application/edi-x12` (202 new, 200 duplicate), GET a remittance by id, its claims a page
 * at a time (`limit`, `nextToken`), GET the list of an organization's remittances. A remittance
 * belongs to the caller's organization (the operator's: `?organizationId=`, else `default`), its
 * claims are matched only to that organization's, and another organization's is a 404.
 */

import { z } from 'zod';
import {
  type HttpEvent,
  type HttpResult,
  header,
  json,
  problem,
  rawBodyBytes,
  zodIssues,
} from '#adapters/http.ts';
import { readRemittance as read835 } from '#adapters/x12/remittance-835.ts';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { resolveOrganization } from '#use-cases/acting-organization.ts';
import {
  listRemittances,
  MAX_CLAIMS_PAGE,
  MAX_REMITTANCES_PAGE,
  readRemittance,
} from '#use-cases/read-remittance.ts';
import { type RemittanceSource, receiveRemittance } from '#use-cases/receive-remittance.ts';
import { ports } from '../composition-root.ts';
import { callerOf } from './caller.ts';

/** The reader takes the body in pieces of this size, as it would take a stream. */
const CHUNK_BYTES = 64 * 1024;

function* chunks(body: Buffer): Generator<Uint8Array> {
  for (let at = 0; at < body.length; at += CHUNK_BYTES) yield body.subarray(at, at + CHUNK_BYTES);
}

/** The body as the use case reads it (twice): the 835 reader over the body's bytes. */
export function bodySource(body: Buffer): RemittanceSource {
  return () => read835(chunks(body));
}

/** `limit` claims a page (1..500, 500 without it); `nextToken` as a page gave it (checked by the use case). */
const RemittanceQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_CLAIMS_PAGE).optional(),
  nextToken: z.string().min(1).max(64).optional(),
});

/** The list: `limit` remittances a page (1..100, 25 without it), `nextToken` as a page gave it. */
const RemittanceListQuery = z.object({
  organizationId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_REMITTANCES_PAGE).optional(),
  nextToken: z.string().min(1).max(2048).optional(),
});

const EDI_X12 = /^application\/edi-x12\s*(;|$)/i;

export const remittanceRoutes: Record<string, (event: HttpEvent) => Promise<HttpResult>> = {
  'POST /v1/remittances': async (event) => {
    if (!EDI_X12.test(header(event, 'content-type') ?? '')) {
      return problem(415, 'an 835 is sent as application/edi-x12', { type: 'unsupported-media-type' });
    }
    const organizationId = await resolveOrganization(
      callerOf(event),
      event.queryStringParameters?.organizationId,
      ports,
      (org) => new NotFoundError(`organization ${org} not found`),
    );
    const outcome = await receiveRemittance(bodySource(rawBodyBytes(event)), ports, organizationId);
    const self = `/v1/remittances/${outcome.remittanceId}`;
    return json(outcome.duplicate ? 200 : 202, outcome, { location: self });
  },

  'GET /v1/remittances/{remittanceId}': async (event) => {
    const remittanceId = event.pathParameters?.remittanceId ?? '';
    if (!/^rmt_[a-f0-9]{26}$/.test(remittanceId))
      throw new NotFoundError(`no remittance ${remittanceId}`.trim());
    const query = RemittanceQuery.safeParse(event.queryStringParameters ?? {});
    if (!query.success) throw new ValidationError('invalid remittance query', zodIssues(query.error));
    return json(200, await readRemittance(callerOf(event), remittanceId, ports, query.data));
  },

  'GET /v1/remittances': async (event) => {
    const query = RemittanceListQuery.safeParse(event.queryStringParameters ?? {});
    if (!query.success) throw new ValidationError('invalid remittance query', zodIssues(query.error));
    return json(200, await listRemittances(callerOf(event), query.data, ports));
  },
};
