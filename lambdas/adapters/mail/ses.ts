/**
 * The Mailer port on AWS: SES (v2) SendEmail from the configured sender identity, the only one the
 * digest function's role may send from (lib/stateless/access.ts).
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '#core/team/store.ts';
import { withLocalIamCheck } from '../aws-local-iam.ts';

let client: SESv2Client | undefined;

export function sesMailer(
  from: string,
  ses: () => SESv2Client = () => (client ??= withLocalIamCheck(new SESv2Client({}))),
): Mailer {
  return {
    async send(message) {
      const out = await ses().send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      return { messageId: out.MessageId ?? '' };
    },
  };
}
