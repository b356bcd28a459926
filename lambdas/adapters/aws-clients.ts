/**
 * The AWS SDK clients, created once per process. On AWS they use the Lambda's role; locally the
 * local stack points them at its servers through the SDK's own AWS_ENDPOINT_URL_* variables.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Locally (PA_IAM_CHECK=1, set by the local stack) each call is first checked against the calling
 * function's policy in the synthesized template (lib/local/iam-check.ts installs the check under
 * this global symbol: a bundle has its own copy of this module). On AWS, IAM itself decides.
 */
const IAM_CHECK_HOOK = Symbol.for('durvalumab-pa.local.iamCheck');
type IamCheckHook = (client: string, command: string, input: unknown) => Promise<void>;

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: unknown }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: unknown }) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

function withLocalIamCheck<C>(client: C): C {
  if (process.env.PA_IAM_CHECK !== '1') return client;
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const check = (globalThis as Record<symbol, IamCheckHook | undefined>)[IAM_CHECK_HOOK];
      await check?.(context.clientName ?? '', context.commandName ?? '', args.input);
      return next(args);
    },
    { step: 'initialize', name: 'localIamCheck' },
  );
  return client;
}

let dynamo: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sfn: SFNClient | undefined;
let secrets: SecretsManagerClient | undefined;

export function dynamoClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(withLocalIamCheck(new DynamoDBClient({ maxAttempts: 5 })), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return dynamo;
}

export function s3Client(): S3Client {
  // The SDK's default flexible checksums stay on for AWS: the local stack, whose S3 server does
  // not speak them, turns them off through AWS_REQUEST_CHECKSUM_CALCULATION (and the response
  // twin) in its own environment only.
  s3 ??= withLocalIamCheck(new S3Client({ forcePathStyle: process.env.PA_S3_FORCE_PATH_STYLE === '1' }));
  return s3;
}

export function sfnClient(): SFNClient {
  sfn ??= withLocalIamCheck(new SFNClient({ maxAttempts: 3 }));
  return sfn;
}

export function secretsClient(): SecretsManagerClient {
  secrets ??= withLocalIamCheck(new SecretsManagerClient({}));
  return secrets;
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** An SDK client and the name of what it works on (a table, a bucket). */
export interface ClientAndName<C> {
  readonly client: C;
  readonly name: string;
}

/** The shared client and a name from the environment, both read when used, as on a Lambda. */
export function fromEnvironment<C>(client: () => C, nameVariable: string): ClientAndName<C> {
  return {
    get client() {
      return client();
    },
    get name() {
      return requiredEnv(nameVariable);
    },
  };
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
