/**
 * The SMART Backend Services tokens of this process (a Lambda container, the local stack), made
 * once: on the wall clock (the token server's time, not PA_CLOCK), with private keys named by a
 * secret ARN read from Secrets Manager (the function's grant: lib/stateless/access.ts).
 */
import { secretString } from '../aws-clients.ts';
import { createPayerTokens, type PayerTokens } from './smart-auth.ts';

let shared: PayerTokens | undefined;

export function processPayerTokens(): PayerTokens {
  shared ??= createPayerTokens({ clock: { now: () => new Date() }, secretValue: (arn) => secretString(arn) });
  return shared;
}
