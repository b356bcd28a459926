/**
 * The Mailer port locally: each mail an RFC 5322 message (plain text, UTF-8) in a `.eml` file of
 * the outbox folder (`<PA_DATA_DIR>/outbox/`), readable by its owner only (0600), which a mail
 * client opens and a test reads. Nothing leaves the machine.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '#core/ports.ts';
import type { Mailer, MailMessage } from '#core/team/store.ts';

/** A header value on one line (no CR/LF can start another header), RFC 2047-encoded when not ASCII. */
function headerValue(value: string): string {
  const line = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(line) ? line : `=?UTF-8?B?${Buffer.from(line, 'utf8').toString('base64')}?=`;
}

/** The message as RFC 5322 text: CRLF line ends, a blank line between header and body. */
export function toEml(message: MailMessage & { from: string; messageId: string; date: Date }): string {
  const headers = [
    `From: ${headerValue(message.from)}`,
    `To: ${headerValue(message.to)}`,
    `Subject: ${headerValue(message.subject)}`,
    `Date: ${message.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${message.messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const body = message.text.replace(/\r?\n/g, '\r\n');
  return `${headers.join('\r\n')}\r\n\r\n${body}\r\n`;
}

export function outboxMailer(folder: string, from: string, clock: Clock): Mailer {
  return {
    async send(message) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const date = clock.now();
      const id = randomUUID();
      const messageId = `${id}@pa.local`;
      const file = join(folder, `${date.toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
      await writeFile(file, toEml({ ...message, from, messageId, date }), { mode: 0o600, flag: 'wx' });
      return { messageId };
    },
  };
}
