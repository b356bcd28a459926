/**
 * Organizations, machine clients and users (API.md "Identity, roles and organizations"): the
 * admin routes' bodies and what the IdentityStore keeps. A client's secret is kept only as a hash.
 */
import * as z from 'zod';
import { ROLES } from './roles.ts';

const Id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'lowercase letters, digits and hyphens' });
const Name = z.string().trim().min(1).max(200);
const Roles = z.array(z.enum(ROLES)).min(1).max(4);

export const OrganizationInput = z.strictObject({ id: Id, name: Name });
export type OrganizationInput = z.infer<typeof OrganizationInput>;

export const ClientInput = z.strictObject({ name: Name, organizationId: Id, roles: Roles });
export type ClientInput = z.infer<typeof ClientInput>;

export const UserInput = z.strictObject({
  email: z.email().max(200),
  name: Name,
  organizationId: Id,
  roles: Roles,
});
export type UserInput = z.infer<typeof UserInput>;

export interface Organization extends OrganizationInput {
  createdAt: string;
}

export interface ClientRecord extends ClientInput {
  clientId: string;
  /** scrypt$<salt>$<hash>, base64url (secrets.ts). */
  secretHash: string;
  createdAt: string;
}

export interface UserRecord extends UserInput {
  userId: string;
  createdAt: string;
  /** The local issuer's password, as a scrypt hash only (secrets.ts); none on AWS (Cognito keeps it). */
  passwordHash?: string;
}

/** A user as the API shows it: never its password's hash. */
export const userView = ({ passwordHash: _hidden, ...user }: UserRecord) => user;

/** A client as the API shows it: never its secret's hash. */
export const clientView = ({ secretHash: _hidden, ...client }: ClientRecord) => client;
