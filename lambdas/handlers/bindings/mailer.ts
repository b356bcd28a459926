/**
 * The mail the daily digest goes by: locally (PA_MAIL_OUTBOX, set by the local stack) `.eml` files
 * in the data dir's outbox; on AWS SES from the sender identity PA_MAIL_FROM (its SDK imported on
 * the first send only, so no other bundle path loads it).
 */
import { clock } from '#adapters/clock.ts';
import { outboxMailer } from '#adapters/mail/outbox.ts';
import type { Mailer } from '#core/team/store.ts';
import { once } from './compose.ts';

export const MAIL_ENV = { outbox: 'PA_MAIL_OUTBOX', from: 'PA_MAIL_FROM' } as const;

export const mailer = once((): Mailer => {
  const from = process.env[MAIL_ENV.from] || 'pa-digest@localhost';
  const outbox = process.env[MAIL_ENV.outbox];
  if (outbox) return outboxMailer(outbox, from, clock());
  const ses = once(async () => (await import('#adapters/mail/ses.ts')).sesMailer(from));
  return { send: async (message) => (await ses()).send(message) };
});
