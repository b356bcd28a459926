/**
 * The team worklist's routes (issue 13), spread into the API's route table (index.ts): assign a
 * case, write and read its notes, list the organization's people, and send the daily digest now.
 * Audit actions (the recorder's names): case.assign, note.create, note.read.
 */
import * as z from 'zod';
import { type HttpEvent, type HttpResult, json, parseJsonBody, zodIssues } from '#adapters/http.ts';
import { toCaseSummary } from '#core/case/case-record.ts';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { AssigneeInput } from '#core/team/assignment.ts';
import { NOTES_PAGE, NoteInput } from '#core/team/notes.ts';
import { sendDailyDigests } from '#use-cases/send-digest.ts';
import { addNote, assignCaseTo, listNotes, listTeam } from '#use-cases/team.ts';
import { ports, publicUrl } from '../composition-root.ts';
import { callerOf } from './caller.ts';

const NotesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(NOTES_PAGE.max).default(NOTES_PAGE.default),
  nextToken: z.string().min(1).max(2048).optional(),
});

const UsersQuery = z.strictObject({ organizationId: z.string().min(1).max(200).optional() });

/** The query string against its schema; a 400 names the parameter. */
function parseQuery<S extends z.ZodType>(event: HttpEvent, schema: S, what: string): z.infer<S> {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new ValidationError(`invalid ${what} query`, zodIssues(parsed.error));
  return parsed.data;
}

function caseIdOf(event: HttpEvent): string {
  const value = event.pathParameters?.caseId;
  if (!value || !/^[A-Za-z0-9_-]{1,128}$/.test(value))
    throw new NotFoundError(`no case ${value ?? ''}`.trim());
  return value;
}

type Route = (event: HttpEvent) => Promise<HttpResult>;

export const teamRoutes: Record<string, Route> = {
  'POST /v1/prior-auths/{caseId}/assignee': async (event) => {
    const caseId = caseIdOf(event);
    const input = parseJsonBody(event, AssigneeInput);
    return json(200, toCaseSummary(await assignCaseTo(caseId, input, callerOf(event), ports)));
  },

  'POST /v1/prior-auths/{caseId}/notes': async (event) => {
    const caseId = caseIdOf(event);
    const input = parseJsonBody(event, NoteInput);
    const note = await addNote(caseId, input, callerOf(event), ports);
    return json(201, note, { location: `/v1/prior-auths/${caseId}/notes` });
  },

  'GET /v1/prior-auths/{caseId}/notes': async (event) => {
    const caseId = caseIdOf(event);
    const page = parseQuery(event, NotesQuery, 'notes');
    return json(200, await listNotes(caseId, page, callerOf(event), ports));
  },

  'GET /v1/users': async (event) => {
    const { organizationId } = parseQuery(event, UsersQuery, 'users');
    return json(200, { items: await listTeam(callerOf(event), organizationId, ports) });
  },

  'POST /v1/digests': async () => json(200, await sendDailyDigests(ports, `${publicUrl()}/app`)),
};
