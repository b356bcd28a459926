/**
 * The local Mailer (adapters/mail/outbox.ts): each mail an RFC 5322 .eml file in the outbox,
 * readable by its owner only, CRLF line ends, one header per line whatever a value holds
 * (no header injection), a non-ASCII subject RFC 2047-encoded.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '#adapters/in-memory/index.ts';
import { outboxMailer, toEml } from '#adapters/mail/outbox.ts';

const DATE = new Date('2026-12-01T07:00:00.000Z');
const MAIL = {
  from: 'pa-digest@localhost',
  to: 'avery@example.org',
  subject: 'Deadlines',
  text: 'line 1\nline 2',
  messageId: 'm1@pa.local',
  date: DATE,
};
let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('toEml', () => {
  it('writes the headers, a blank line and the body, every line ending in CRLF', () => {
    const eml = toEml(MAIL);
    expect(eml).toBe(
      [
        'From: pa-digest@localhost',
        'To: avery@example.org',
        'Subject: Deadlines',
        'Date: Tue, 01 Dec 2026 07:00:00 +0000',
        'Message-ID: <m1@pa.local>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'line 1',
        'line 2',
        '',
      ].join('\r\n'),
    );
  });

  it('keeps a value with line breaks on its header line, and encodes a non-ASCII subject', () => {
    const eml = toEml({
      ...MAIL,
      to: 'x@example.org\r\nBcc: everyone@example.org',
      subject: 'Fälle',
      text: '',
    });
    const headers = eml.split('\r\n\r\n')[0]?.split('\r\n') ?? [];
    expect(headers).toContain('To: x@example.org Bcc: everyone@example.org');
    expect(headers.some((h) => h.startsWith('Bcc:'))).toBe(false);
    expect(headers).toContain(`Subject: =?UTF-8?B?${Buffer.from('Fälle').toString('base64')}?=`);
  });
});

describe('outboxMailer', () => {
  it('writes one .eml file a mail, readable by its owner only', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pa-outbox-'));
    const outbox = join(dir, 'outbox');
    const mailer = outboxMailer(outbox, 'pa-digest@localhost', fixedClock(DATE.toISOString()));
    const sent = await mailer.send({ to: 'avery@example.org', subject: 'Deadlines', text: 'pa_1' });
    await mailer.send({ to: 'blake@example.org', subject: 'Deadlines', text: 'pa_2' });
    const files = (await readdir(outbox)).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
    const uuid = sent.messageId.replace('@pa.local', '');
    const first = await readFile(join(outbox, files.find((f) => f.includes(uuid)) as string), 'utf8');
    expect(first).toContain('To: avery@example.org\r\n');
    expect(first).toContain(`Message-ID: <${sent.messageId}>`);
    expect((await stat(join(outbox, files[0] as string))).mode & 0o777).toBe(0o600);
  });
});
