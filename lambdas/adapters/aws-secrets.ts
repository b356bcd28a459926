/**
 * Secrets Manager: the client (made once per process) and the one cached getter of every secret
 * (the API token, the payer registry, payer keys). Apart from the other AWS clients so that the
 * authorizer, which reads one secret, bundles and loads no DynamoDB, S3 or Step Functions client.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { withLocalIamCheck } from './aws-local-iam.ts';

let secrets: SecretsManagerClient | undefined;

export function secretsClient(): SecretsManagerClient {
  secrets ??= withLocalIamCheck(new SecretsManagerClient({}));
  return secrets;
}

const SECRET_MAX_AGE_MS = 5 * 60 * 1000;
const secretCache = new Map<string, { at: number; value: string | undefined }>();

/**
 * A secret's string, fetched at most once per `maxAgeMs` (5 minutes) in a process: the one cached
 * getter of every secret (the API token, the payer registry), so a rotation is seen within it.
 */
export async function secretString(
  secretId: string,
  maxAgeMs = SECRET_MAX_AGE_MS,
): Promise<string | undefined> {
  const cached = secretCache.get(secretId);
  if (cached && Date.now() - cached.at < maxAgeMs) return cached.value;
  const out = await secretsClient().send(new GetSecretValueCommand({ SecretId: secretId }));
  secretCache.set(secretId, { at: Date.now(), value: out.SecretString });
  return out.SecretString;
}
