/**
 * What each function calls on AWS, in IAM actions: the one list that the stack's grants are
 * written from (grantAccess), that the infrastructure test checks the synthesized policies
 * against, and that the local stack's IAM check (lib/local/iam-check.ts) enforces. A call a
 * function makes and this list lacks fails locally as AccessDenied, as it would on AWS.
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { PAYER_KEY_SECRET_PREFIX } from '../../lambdas/schemas/payer-registry.ts';
import type { FUNCTION_ENTRIES } from '../routes.ts';
import type { StateMachineName, TaskName } from '../workflow-contract.ts';

export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query';
/**
 * On the audit table: append (a conditional Put of a new key) and read. The type leaves no room
 * for UpdateItem, DeleteItem, BatchWriteItem or PartiQL: no role can change or delete an event.
 */
export type AuditTableAction = Extract<TableAction, 'dynamodb:PutItem' | 'dynamodb:Query'>;
export type BucketAction = 's3:GetObject' | 's3:PutObject' | 's3:ListBucket';
export type ObjectAction = Exclude<BucketAction, 's3:ListBucket'>;
export type SecretName = 'payers' | 'apiToken';

/**
 * The documents bucket's folders (lambdas/core/case/storage-keys.ts and
 * lambdas/core/documents/large-documents.ts make the keys): what a grant by folder names.
 */
export const KEY_PREFIXES = {
  uploads: 'uploads/',
  documents: 'documents/',
  attachments: 'attachments/',
  submissions: 'submissions/',
  remittanceInbox: 'remittances/inbox/',
} as const;
export type KeyPrefix = (typeof KEY_PREFIXES)[keyof typeof KEY_PREFIXES];

export interface FunctionAccess {
  /** On the cases table (Query on its indexes too). TransactWriteItems is authorized per item. */
  readonly table?: readonly TableAction[];
  /** On the audit table (Query on its indexes too): append-only, see AuditTableAction. */
  readonly audit?: readonly AuditTableAction[];
  /** On the documents bucket's objects (ListBucket on the bucket: a HeadObject of a missing key is 404, not 403). */
  readonly bucket?: readonly BucketAction[];
  /** The folders an object action is limited to; every key of the bucket when absent. */
  readonly objectPrefixes?: Partial<Record<ObjectAction, readonly KeyPrefix[]>>;
  readonly secrets?: readonly SecretName[];
  /**
   * Reads the payers' client keys (a registry auth.privateKeyJwk given as a secret ARN): the
   * secrets named PAYER_KEY_SECRET_PREFIX..., which operators create per payer.
   */
  readonly payerKeys?: boolean;
  readonly startExecution?: readonly StateMachineName[];
  /**
   * Is the target of the event source mapping on the cases table's stream, which reads the
   * stream with the function's role (lib/event-stream.ts).
   */
  readonly stream?: boolean;
  /** Sends mail (the daily digest) through SES, from the configured sender identity only. */
  readonly mail?: boolean;
  /** Creates people in the Cognito user pool (POST /v1/users on AWS): a user and its role groups. */
  readonly users?: boolean;
}

export type FunctionName = keyof typeof FUNCTION_ENTRIES | TaskName;

/** The digest's sender when the `mailFrom` context gives none: a verified SES identity on a real deployment. */
export const DEFAULT_MAIL_FROM = 'pa-digest@example.org';

/** The ARN of the SES e-mail identity `from` (the only one the digest may send from). */
export const mailIdentityArn = (region: string, account: string, from: string): string =>
  `arn:${Aws.PARTITION}:ses:${region}:${account}:identity/${from}`;

/** What Lambda needs of a DynamoDB stream to poll it for a function (it checks all four at creation). */
export const STREAM_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
] as const;

/** Reads, versioned writes (TransactWriteItems of Puts) and the partition and worklist queries. */
const CASE_ITEMS: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'];

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  // Writes uploads (the presigned PUT is signed with its rights) and a request's attachments;
  // reads uploads (their HEAD and bytes) and the documents it serves. Nothing of submissions/.
  api: {
    table: CASE_ITEMS,
    bucket: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
    objectPrefixes: {
      's3:GetObject': [KEY_PREFIXES.uploads, KEY_PREFIXES.documents],
      's3:PutObject': [KEY_PREFIXES.uploads, KEY_PREFIXES.attachments],
    },
    secrets: ['payers'],
    // Records every call in the audit trail and reads it (GET /v1/audit-events).
    audit: ['dynamodb:PutItem', 'dynamodb:Query'],
    // A remittance's denied durvalumab line is a stored payer event: the table's stream starts it.
    startExecution: ['SubmitPriorAuth'],
    // POST /v1/digests sends the day's deadline digests now.
    mail: true,
    // POST /v1/users makes the person in the Cognito user pool.
    users: true,
  },
  // Unauthenticated: reads the case's payer, stores the event once (a Put), and answers; the
  // table's stream starts HandlePayerEvent. No Query, no Scan, no DeleteItem, no workflow, nothing
  // of the bucket.
  webhook: {
    table: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    secrets: ['payers'],
  },
  // The stream's new payer-event receipts: reads whether each is still pending, starts its execution.
  eventStream: { table: ['dynamodb:GetItem'], stream: true, startExecution: ['HandlePayerEvent'] },
  authorizer: { secrets: ['apiToken'] },
  // Re-starts the payer simulator's lost answers: their plan needs the payer entry.
  sweep: {
    table: CASE_ITEMS,
    secrets: ['payers'],
    startExecution: ['SubmitPriorAuth', 'HandlePayerEvent', 'DeliverSimulatedAnswer'],
    // The daily deadline digests (lambdas/handlers/digest-schedule.ts).
    mail: true,
  },
  web: {},
  // Cognito's pre-token trigger: reads the event it is given, calls nothing.
  preToken: {},
  AssemblePacket: { table: CASE_ITEMS, bucket: ['s3:GetObject', 's3:PutObject'], secrets: ['payers'] },
  // Calls the payers: their client keys for SMART Backend Services too.
  SubmitToPayer: {
    table: CASE_ITEMS,
    bucket: ['s3:GetObject'],
    secrets: ['payers'],
    payerKeys: true,
    startExecution: ['HandlePayerEvent', 'DeliverSimulatedAnswer'],
  },
  MarkSubmissionFailed: { table: CASE_ITEMS },
  // Applying an event takes its receipt off the pending index (an Update) in the same transaction.
  // Records webhook.apply in the audit trail.
  ApplyPayerEvent: { table: [...CASE_ITEMS, 'dynamodb:UpdateItem'], audit: ['dynamodb:PutItem'] },
  ComposeRemedy: { table: CASE_ITEMS, bucket: ['s3:GetObject', 's3:PutObject'] },
  RecordWorkflowFailure: { table: CASE_ITEMS },
  // Reads the case to re-plan the simulator's answer, and the payer's webhook secret to sign it.
  DeliverSimulatedAnswer: { table: ['dynamodb:GetItem'], secrets: ['payers'] },
  // Reads an 835 of the drop folder, stores the remittance and its claims (payments under their
  // cases), reads the payer registry (rates), and stores a denied durvalumab line's payer event
  // (the table's stream starts its remedy).
  remittanceInbox: {
    table: CASE_ITEMS,
    bucket: ['s3:GetObject'],
    objectPrefixes: { 's3:GetObject': [KEY_PREFIXES.remittanceInbox] },
    secrets: ['payers'],
    // Records remittance.create (actor system) in the audit trail.
    audit: ['dynamodb:PutItem'],
  },
};

/**
 * The key actions through each service. DynamoDB's include DescribeKey and GenerateDataKey, which
 * it calls with the caller's rights when it refreshes the table key, not on a given request, so
 * no single local call shows them.
 */
export const KEY_ACTIONS = {
  dynamodb: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
  s3: ['kms:Decrypt', 'kms:GenerateDataKey'],
  secretsmanager: ['kms:Decrypt'],
} as const;

export type KeyService = keyof typeof KEY_ACTIONS;

/** The services a function reaches the data key through, and the key actions each needs. */
export function keyUse(access: FunctionAccess): Array<{ service: KeyService; actions: readonly string[] }> {
  const services: KeyService[] = [
    ...(access.table?.length || access.audit?.length || access.stream ? (['dynamodb'] as const) : []),
    ...(access.bucket?.some((a) => a !== 's3:ListBucket') ? (['s3'] as const) : []),
    ...(access.secrets?.length || access.payerKeys ? (['secretsmanager'] as const) : []),
  ];
  // A table reader writes nothing, so it encrypts nothing.
  const readsOnly = ![...(access.table ?? []), ...(access.audit ?? [])].some(
    (a) => a !== 'dynamodb:GetItem' && a !== 'dynamodb:Query',
  );
  return services.map((service) => ({
    service,
    actions:
      service === 'dynamodb' && readsOnly
        ? KEY_ACTIONS.dynamodb.filter((a) => a !== 'kms:Encrypt')
        : KEY_ACTIONS[service],
  }));
}

/**
 * The ARN pattern of the payers' client key secrets, in the stack's account and region (the region as
 * the template's pseudo parameter, so one acknowledgement in nag-suppressions.ts fits every stage).
 */
export function payerKeySecretPattern(): string {
  return `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${PAYER_KEY_SECRET_PREFIX}*`;
}

/** The object actions of a function's grants (all but ListBucket, which is on the bucket). */
export function objectActions(access: FunctionAccess): ObjectAction[] {
  return (access.bucket ?? []).filter((a): a is ObjectAction => a !== 's3:ListBucket');
}

/** The key patterns an object action is granted on: its folders, or every key. */
export function objectPatterns(access: FunctionAccess, action: ObjectAction): string[] {
  return (access.objectPrefixes?.[action] ?? ['']).map((prefix) => `${prefix}*`);
}

export interface AccessResources {
  readonly tableArn: string;
  /** The cases table's stream (lib/event-stream.ts). */
  readonly tableStreamArn: string;
  readonly auditTableArn: string;
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly region: string;
  readonly secretArns: Record<SecretName, string>;
  readonly stateMachineArns: Record<StateMachineName, string>;
  /** The SES identity the digest is sent from (mailIdentityArn). */
  readonly mailIdentityArn: string;
  /** The Cognito user pool people sign in at (none locally: the local issuer). */
  readonly userPoolArn?: string;
}

/** The statements of a function's grants: exactly its FUNCTION_ACCESS, on its resources. */
export function accessStatements(access: FunctionAccess, on: AccessResources): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  const add = (actions: readonly string[], resources: string[], conditions?: Record<string, unknown>) => {
    if (actions.length > 0) {
      statements.push(new iam.PolicyStatement({ actions: [...actions], resources, conditions }));
    }
  };
  const table = access.table ?? [];
  add(
    table.filter((a) => a !== 'dynamodb:Query'),
    [on.tableArn],
  );
  add(
    table.filter((a) => a === 'dynamodb:Query'),
    [on.tableArn, `${on.tableArn}/index/*`],
  );
  const audit = access.audit ?? [];
  add(
    audit.filter((a) => a === 'dynamodb:PutItem'),
    [on.auditTableArn],
  );
  add(
    audit.filter((a) => a === 'dynamodb:Query'),
    [on.auditTableArn, `${on.auditTableArn}/index/*`],
  );
  const bucket = access.bucket ?? [];
  if (access.objectPrefixes) {
    for (const action of objectActions(access)) {
      add(
        [action],
        objectPatterns(access, action).map((pattern) => `${on.bucketArn}/${pattern}`),
      );
    }
  } else {
    add(objectActions(access), [`${on.bucketArn}/*`]);
  }
  add(
    bucket.filter((a) => a === 's3:ListBucket'),
    [on.bucketArn],
  );
  add(
    access.secrets?.length ? ['secretsmanager:GetSecretValue'] : [],
    (access.secrets ?? []).map((name) => on.secretArns[name]),
  );
  add(access.payerKeys ? ['secretsmanager:GetSecretValue'] : [], [payerKeySecretPattern()]);
  add(access.stream ? STREAM_ACTIONS.filter((a) => a !== 'dynamodb:ListStreams') : [], [on.tableStreamArn]);
  // ListStreams names streams and nothing of their records; IAM has no resource for it.
  add(access.stream ? ['dynamodb:ListStreams'] : [], ['*']);
  add(
    access.startExecution?.length ? ['states:StartExecution'] : [],
    (access.startExecution ?? []).map((name) => on.stateMachineArns[name]),
  );
  for (const { service, actions } of keyUse(access)) {
    add(actions, [on.keyArn], {
      StringEquals: { 'kms:ViaService': `${service}.${on.region}.amazonaws.com` },
    });
  }
  if (access.mail) add(['ses:SendEmail'], [on.mailIdentityArn]);
  if (access.users && on.userPoolArn)
    add(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup'], [on.userPoolArn]);
  return statements;
}

/** Adds a function's statements to its role. */
export function grantAccess(fn: lambda.IFunction, access: FunctionAccess, on: AccessResources): void {
  for (const statement of accessStatements(access, on)) fn.addToRolePolicy(statement);
}
