/**
 * The DynamoDB, S3 and Step Functions adapters pass the port contract suites that their in-memory
 * twins pass in the unit project (test/unit/use-cases/port-contracts.test.ts): DynamoDB Local
 * with a fresh cases table per test, s3rver, and the local Step Functions endpoint.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { dynamoAuditStore } from '#adapters/audit-repository.ts';
import { dynamoCaseNotes, dynamoDigestLog } from '#adapters/case-notes.ts';
import { dynamoCaseStore } from '#adapters/case-repository.ts';
import { s3DocumentStore } from '#adapters/document-store.ts';
import { dynamoIdentityStore } from '#adapters/identity-repository.ts';
import { dynamoRemittanceStore } from '#adapters/remittance-repository.ts';
import { stepFunctionsStarter } from '#adapters/workflow-starter.ts';
import { ensureAuditTable } from '#infra/local/audit-table.ts';
import * as dynamoDbLocal from '#infra/local/dynamodb.ts';
import { type LocalS3, startLocalS3 } from '#infra/local/s3.ts';
import { type LocalStepFunctions, startLocalStepFunctions } from '#infra/local/stepfunctions.ts';
import { auditStoreContract } from '../contract/audit-store.contract.ts';
import { caseNotesContract, digestLogContract } from '../contract/case-notes.contract.ts';
import { caseStoreContract } from '../contract/case-store.contract.ts';
import { documentStoreContract } from '../contract/document-store.contract.ts';
import { identityStoreContract } from '../contract/identity-store.contract.ts';
import { remittanceStoreContract } from '../contract/remittance-store.contract.ts';
import { workflowStarterContract } from '../contract/workflow-starter.contract.ts';

const BUCKET = 'pa-contract-documents';
const DONE = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
const silent = { info: () => {}, warn: () => {}, error: () => {} };

let dataDir: string;
let dynamo: dynamoDbLocal.LocalDynamoDb;
let s3: LocalS3;
let sfn: LocalStepFunctions;
let rawClient: DynamoDBClient;
let documentClient: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pa-contract-'));
  [dynamo, s3, sfn] = await Promise.all([
    dynamoDbLocal.startDynamoDbLocal({ dataDir }),
    startLocalS3({ dataDir, bucketName: BUCKET }),
    startLocalStepFunctions({
      definitions: { SubmitPriorAuth: DONE, HandlePayerEvent: DONE, DeliverSimulatedAnswer: DONE },
      taskHandlers: {},
    }),
  ]);
  rawClient = dynamoDbLocal.localDynamoDbClient(dynamo.endpoint);
  documentClient = DynamoDBDocumentClient.from(rawClient, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}, 180_000);

afterAll(async () => {
  documentClient?.destroy();
  rawClient?.destroy();
  await Promise.all([dynamo?.stop(), s3?.stop(), sfn?.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

/** A fresh table named `pa-contract-<kind>-<n>` made by `ensure`, and the adapter `make` builds on it. */
function onFreshTable<T>(
  kind: string,
  make: (table: { client: DynamoDBDocumentClient; name: string }) => T,
  ensure: (client: DynamoDBClient, name: string) => Promise<unknown> = dynamoDbLocal.ensureCasesTable,
): () => Promise<T> {
  return async () => {
    const name = `pa-contract-${kind}-${++tables}`;
    await ensure(rawClient, name);
    return make({ client: documentClient, name });
  };
}

caseStoreContract('DynamoDB Local', onFreshTable('cases', dynamoCaseStore));
remittanceStoreContract('DynamoDB Local', onFreshTable('remittances', dynamoRemittanceStore));
identityStoreContract('DynamoDB Local', onFreshTable('identity', dynamoIdentityStore));
caseNotesContract('DynamoDB Local', onFreshTable('notes', dynamoCaseNotes));
digestLogContract('DynamoDB Local', onFreshTable('digests', dynamoDigestLog));
auditStoreContract('DynamoDB Local', onFreshTable('audit', dynamoAuditStore, ensureAuditTable));

documentStoreContract('s3rver', async () =>
  s3DocumentStore({
    client: new S3Client({
      endpoint: s3.endpoint,
      region: dynamoDbLocal.LOCAL_REGION,
      credentials: dynamoDbLocal.LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    name: BUCKET,
  }),
);

workflowStarterContract('local Step Functions', async () =>
  stepFunctionsStarter(
    {
      client: new SFNClient({
        endpoint: sfn.endpoint,
        region: dynamoDbLocal.LOCAL_REGION,
        credentials: dynamoDbLocal.LOCAL_CREDENTIALS,
      }),
      arn: (workflow) => sfn.stateMachineArn(workflow),
    },
    silent,
  ),
);
