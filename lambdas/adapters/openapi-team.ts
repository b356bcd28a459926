/**
 * The team worklist's part of the OpenAPI document (issue 13): its request bodies (from the same
 * zod schemas that validate them), summaries, answers and query parameters, which openapi.ts
 * spreads into its tables.
 */
import * as z from 'zod';
import { AssigneeInput } from '#core/team/assignment.ts';
import { NoteInput } from '#core/team/notes.ts';

const schemaFor = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;

const query = (name: string) => ({ name, in: 'query' as const, required: false, schema: { type: 'string' } });

export const TEAM_OPENAPI = {
  requestBodies: {
    'POST /v1/prior-auths/{caseId}/assignee': {
      schema: 'Assignee',
      example: { userId: 'usr_0123456789abcdef' },
    },
    'POST /v1/prior-auths/{caseId}/notes': {
      schema: 'Note',
      example: { text: 'Called the payer: review by Friday.' },
    },
  },
  summaries: {
    'GET /v1/users':
      "The people of the caller's organization: id, name, e-mail, roles (operator: organizationId)",
    'POST /v1/prior-auths/{caseId}/assignee':
      'Assign the case to a user of its organization, or unassign it with userId null; the history records who assigned whom',
    'POST /v1/prior-auths/{caseId}/notes':
      'A note on the case (1 to 20,000 characters), with its author and time',
    'GET /v1/prior-auths/{caseId}/notes': "The case's notes, newest first (limit 1..100, nextToken)",
    'POST /v1/digests':
      "Send today's deadline digests now (each person once a day: cases due within 3 and 14 days, ids and links only)",
  },
  success: {
    'GET /v1/users': '200 { items: [{ userId, name, email, roles }] }',
    'POST /v1/prior-auths/{caseId}/assignee': '200 the case summary with its assigneeId',
    'POST /v1/prior-auths/{caseId}/notes': '201 { noteId, caseId, text, author: { type, id, name? }, at }',
    'GET /v1/prior-auths/{caseId}/notes': '200 { items, nextToken }',
    'POST /v1/digests': '200 { day, sent: [{ userId, soon, later }], alreadySent, failed }',
  },
  parameters: {
    'GET /v1/users': [query('organizationId')],
    'GET /v1/prior-auths/{caseId}/notes': [query('limit'), query('nextToken')],
  },
  schemas: { Assignee: schemaFor(AssigneeInput), Note: schemaFor(NoteInput) },
};
