/**
 * The daily digest on the sweep's schedule (DESIGN.md part 2: the sweep sends daily digests): on
 * AWS the sweep's EventBridge rule, locally the local stack's sweep timer, both on the product
 * clock. From the digest hour (PA_DIGEST_HOUR_UTC, default 07 UTC) each run sends the digests of the
 * day not sent yet; the digest log makes it once per person per day, whatever the number of runs.
 */
import { DIGEST_HOUR_UTC, digestDue } from '#core/team/digest.ts';
import { type DigestRun, sendDailyDigests } from '#use-cases/send-digest.ts';
import { cases } from './bindings/cases.ts';
import { clock, compose, log, publicUrl } from './bindings/compose.ts';
import { identity } from './bindings/identity.ts';
import { mailer } from './bindings/mailer.ts';
import { digests } from './bindings/notes.ts';

const ports = compose({ cases, clock, digests, identity, log, mailer });

function digestHour(): number {
  const hour = Number(process.env.PA_DIGEST_HOUR_UTC ?? DIGEST_HOUR_UTC);
  return Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : DIGEST_HOUR_UTC;
}

/** Sends the day's digests once the hour has come; never fails the sweep that runs it. */
export async function digestIfDue(): Promise<DigestRun | undefined> {
  if (!digestDue(ports.clock.now(), digestHour())) return undefined;
  try {
    return await sendDailyDigests(ports, `${publicUrl()}/app`);
  } catch (error) {
    ports.log.error('digest run failed', { error: error instanceof Error ? error.name : 'Error' });
    return undefined;
  }
}
