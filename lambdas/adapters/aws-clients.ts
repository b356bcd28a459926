/**
 * The AWS SDK clients, created once per process. On AWS they use the Lambda's role; locally the
 * local stack points them at its servers through the SDK's own AWS_ENDPOINT_URL_* variables.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withLocalIamCheck } from './aws-local-iam.ts';

// Secrets Manager has its own module (the authorizer loads it alone); the rest import it from here.
// S3 has its own too (aws-s3.ts): the functions that never touch S3 do not bundle its client.
export { secretString, secretsClient } from './aws-secrets.ts';

let dynamo: DynamoDBDocumentClient | undefined;
let sfn: SFNClient | undefined;

export function dynamoClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(withLocalIamCheck(new DynamoDBClient({ maxAttempts: 5 })), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return dynamo;
}

export function sfnClient(): SFNClient {
  sfn ??= withLocalIamCheck(new SFNClient({ maxAttempts: 3 }));
  return sfn;
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
