/**
 * The PeopleDirectory port (Ports.people in ports.ts): where a person's sign-in is made when an
 * admin creates a user. Locally the local issuer is the provider: nothing to make there, the use
 * case keeps a password hash in the IdentityStore and answers the temporary password once. On AWS
 * Cognito is (adapters/cognito-people.ts): the user is created in the user pool with the
 * organization attribute and one group per role, and Cognito e-mails the temporary password.
 * In-memory twin: adapters/in-memory/people-directory.ts.
 */
import type { UserRecord } from './records.ts';

export interface PeopleDirectory {
  /** `local`: the local issuer signs people in with the password the use case keeps. */
  readonly provider: 'local' | 'cognito';
  /** Creates the person's sign-in at the provider and answers the subject its tokens carry (`sub`). */
  createSignIn(user: UserRecord): Promise<string>;
}
