/**
 * The JWT half of the authorizer, loaded only when a bearer token is a JWT (the bootstrap token's
 * path stays light): the token verified with `jose` against its issuer's JWKS, on the product's
 * clock, and the caller it names.
 */
import { clock } from '#adapters/clock.ts';
import { issuerSettings, remoteJwks, verifyAccessToken } from '#adapters/identity-tokens.ts';
import { type Principal, principalOfClaims } from '#core/identity/claims.ts';

/** The caller of a valid token; undefined for a token that is not the issuer's, expired, for another audience, or malformed. */
export async function verifiedPrincipal(token: string): Promise<Principal | undefined> {
  try {
    const settings = issuerSettings();
    const claims = await verifyAccessToken(token, {
      ...settings,
      now: clock().now(),
      keys: remoteJwks(settings.issuer),
    });
    return principalOfClaims(claims);
  } catch {
    return undefined;
  }
}
