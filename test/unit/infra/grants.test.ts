/**
 * Least privilege (issue 15, point 3): each function's AWS calls (stateless/access.ts) against
 * the grants of its role in the synthesized template, evaluated with iam-simulate as the local
 * stack's IAM check evaluates them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIT_TABLE_NAME } from '#infra/audit-table.ts';
import {
  functionPolicies,
  iamRequests,
  isAllowed,
  type LocalArns,
  localKeyArn,
  localSecretArn,
  type PolicyDocument,
  synthesizePolicies,
} from '#infra/local/iam-check.ts';
import {
  DEFAULT_MAIL_FROM,
  FUNCTION_ACCESS,
  type FunctionName,
  KEY_PREFIXES,
  type ObjectAction,
  objectPatterns,
  STREAM_ACTIONS,
} from '#infra/stateless/access.ts';
import { LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '#infra/table-design.ts';

const ARNS: LocalArns = {
  region: 'us-east-1',
  tableName: LOCAL_TABLE_NAME,
  bucketName: LOCAL_BUCKET_NAME,
  stateMachineArns: {
    SubmitPriorAuth: 'arn:aws:states:us-east-1:000000000000:stateMachine:SubmitPriorAuth',
    HandlePayerEvent: 'arn:aws:states:us-east-1:000000000000:stateMachine:HandlePayerEvent',
    DeliverSimulatedAnswer: 'arn:aws:states:us-east-1:000000000000:stateMachine:DeliverSimulatedAnswer',
  },
};
const ARNS_TABLE = `arn:aws:dynamodb:${ARNS.region}:000000000000:table/${LOCAL_TABLE_NAME}`;
const SECRET_IDS = {
  payers: localSecretArn(ARNS, 'payer-registry'),
  apiToken: localSecretArn(ARNS, 'api-token'),
};
const FUNCTIONS = Object.keys(FUNCTION_ACCESS) as FunctionName[];

type Call = [client: string, command: string, input: Record<string, unknown>];

/** The SDK calls a function makes, one of each kind its FUNCTION_ACCESS names. */
function callsOf(fn: FunctionName): Call[] {
  const access = FUNCTION_ACCESS[fn];
  const TableName = LOCAL_TABLE_NAME;
  const Bucket = LOCAL_BUCKET_NAME;
  const tableCalls: Record<string, Call[]> = {
    'dynamodb:GetItem': [['DynamoDBDocumentClient', 'GetCommand', { TableName }]],
    'dynamodb:PutItem': [
      ['DynamoDBDocumentClient', 'TransactWriteCommand', { TransactItems: [{ Put: { TableName } }] }],
    ],
    'dynamodb:UpdateItem': [
      ['DynamoDBDocumentClient', 'TransactWriteCommand', { TransactItems: [{ Update: { TableName } }] }],
    ],
    'dynamodb:DeleteItem': [
      ['DynamoDBDocumentClient', 'TransactWriteCommand', { TransactItems: [{ Delete: { TableName } }] }],
    ],
    'dynamodb:Query': [
      ['DynamoDBDocumentClient', 'QueryCommand', { TableName }],
      ['DynamoDBDocumentClient', 'QueryCommand', { TableName, IndexName: 'byStatus' }],
    ],
  };
  const audit = { TableName: LOCAL_AUDIT_TABLE_NAME };
  const auditCalls: Record<string, Call[]> = {
    'dynamodb:PutItem': [['DynamoDBDocumentClient', 'PutCommand', audit]],
    'dynamodb:Query': [
      ['DynamoDBDocumentClient', 'QueryCommand', audit],
      ['DynamoDBDocumentClient', 'QueryCommand', { ...audit, IndexName: 'byCase' }],
    ],
  };
  // One object in each folder the action is granted on (any key when it is not limited).
  const objectCalls = (action: ObjectAction, command: string): Call[] =>
    objectPatterns(access, action).map(
      (pattern): Call => [
        'S3Client',
        command,
        { Bucket, Key: `${pattern.slice(0, -1) || 'cases/'}c-1/d-1.pdf` },
      ],
    );
  const bucketCalls: Record<string, Call[]> = {
    's3:GetObject': objectCalls('s3:GetObject', 'GetObjectCommand'),
    's3:PutObject': objectCalls('s3:PutObject', 'PutObjectCommand'),
    's3:ListBucket': [['S3Client', 'ListObjectsV2Command', { Bucket }]],
  };
  return [
    ...(access.table ?? []).flatMap((action) => tableCalls[action] ?? []),
    ...(access.audit ?? []).flatMap((action) => auditCalls[action] ?? []),
    ...(access.bucket ?? []).flatMap((action) => bucketCalls[action] ?? []),
    ...(access.secrets ?? []).map(
      (name): Call => ['SecretsManagerClient', 'GetSecretValueCommand', { SecretId: SECRET_IDS[name] }],
    ),
    ...(access.mail
      ? [['SESv2Client', 'SendEmailCommand', { FromEmailAddress: DEFAULT_MAIL_FROM }] satisfies Call]
      : []),
    ...(access.users
      ? (['AdminCreateUserCommand', 'AdminAddUserToGroupCommand'] as const).map(
          (command): Call => [
            'CognitoIdentityProviderClient',
            command,
            { UserPoolId: `${ARNS.region}_local` },
          ],
        )
      : []),
    ...(access.stream
      ? STREAM_ACTIONS.map(
          (action): Call => [
            'DynamoDBStreamsClient',
            `${action.slice('dynamodb:'.length)}Command`,
            { StreamArn: `${ARNS_TABLE}/stream/2026-11-30T00:00:00.000` },
          ],
        )
      : []),
    ...(access.startExecution ?? []).map(
      (name): Call => [
        'SFNClient',
        'StartExecutionCommand',
        { stateMachineArn: ARNS.stateMachineArns[name] },
      ],
    ),
  ];
}

function actionsOf(policy: PolicyDocument): string[] {
  return (policy.Statement as Array<{ Action: string | string[] }>).flatMap((s) =>
    Array.isArray(s.Action) ? s.Action : [s.Action],
  );
}

/**
 * The data actions a policy grants: what the Lambda service does with the role aside (logs, X-Ray
 * traces, the sweep's failed asynchronous events sent to its dead-letter queue).
 */
function grantedActions(policy: PolicyDocument): string[] {
  return [...new Set(actionsOf(policy).filter((a) => !/^(xray|logs):|^sqs:SendMessage$/.test(a)))].sort();
}

/** The key actions DynamoDB calls for a table user outside any one request (KEY_ACTIONS). */
const tableKeyUpkeep = (fn: FunctionName): string[] =>
  FUNCTION_ACCESS[fn].table?.length ? ['kms:DescribeKey', 'kms:GenerateDataKey'] : [];

let policies: Record<FunctionName, PolicyDocument>;

beforeAll(async () => {
  policies = functionPolicies(await synthesizePolicies(), ARNS);
}, 60_000);

describe('each function: its AWS calls against its grants', () => {
  it.each(FUNCTIONS)('%s is granted every call it makes, and nothing else of the data', async (fn) => {
    // Prepare
    const requests = callsOf(fn).flatMap(([client, command, input]) =>
      iamRequests(client, command, input, ARNS),
    );

    // Act
    const missing: string[] = [];
    for (const request of requests) {
      if (!(await isAllowed(fn, policies[fn], request)))
        missing.push(`${request.action} ${request.resource}`);
    }
    const used = [...new Set(requests.map((r) => r.action))];
    const unused = grantedActions(policies[fn]).filter(
      (action) => !used.includes(action) && !tableKeyUpkeep(fn).includes(action),
    );

    // Assess
    expect(missing).toEqual([]);
    expect(unused).toEqual([]);
  });

  it('lists, per function, the actions used and those granted', () => {
    // Act
    const table = Object.fromEntries(
      FUNCTIONS.map((fn) => [
        fn,
        {
          used: [
            ...new Set(callsOf(fn).flatMap(([c, m, i]) => iamRequests(c, m, i, ARNS).map((r) => r.action))),
          ].sort(),
          granted: grantedActions(policies[fn]),
        },
      ]),
    );

    // Assess: the granted list is the used one, and DynamoDB's table key upkeep
    for (const [fn, { used, granted }] of Object.entries(table)) {
      expect(granted).toEqual([...new Set([...used, ...tableKeyUpkeep(fn as FunctionName)])].sort());
    }
    expect(table.web).toEqual({ used: [], granted: [] });
  });
});

describe('what the Lambda service does with a role', () => {
  it('sends to the dead-letter queue for its asynchronous functions only (the sweep, the remittance inbox)', () => {
    // Act
    const senders = FUNCTIONS.filter((fn) => actionsOf(policies[fn]).includes('sqs:SendMessage'));

    // Assess
    expect(senders).toEqual(['sweep', 'remittanceInbox']);
  });
});

describe('the unauthenticated webhook function', () => {
  it('has no grant of dynamodb:*, s3:* or Scan, and no DeleteItem or S3 action at all', () => {
    // Act
    const granted = grantedActions(policies.webhook);

    // Assess
    expect(granted).not.toContain('dynamodb:*');
    expect(granted).not.toContain('s3:*');
    expect(granted.filter((a) => /Scan|DeleteItem|^s3:/.test(a))).toEqual([]);
  });

  it.each([
    ['dynamodb:Scan', `arn:aws:dynamodb:us-east-1:000000000000:table/${LOCAL_TABLE_NAME}`],
    ['dynamodb:DeleteItem', `arn:aws:dynamodb:us-east-1:000000000000:table/${LOCAL_TABLE_NAME}`],
    ['dynamodb:Query', `arn:aws:dynamodb:us-east-1:000000000000:table/${LOCAL_TABLE_NAME}/index/byStatus`],
    ['s3:DeleteObject', `arn:aws:s3:::${LOCAL_BUCKET_NAME}/cases/c-1/d-1.pdf`],
    ['s3:GetObject', `arn:aws:s3:::${LOCAL_BUCKET_NAME}/cases/c-1/d-1.pdf`],
    ['states:StartExecution', 'arn:aws:states:us-east-1:000000000000:stateMachine:SubmitPriorAuth'],
  ])('is denied %s on %s', async (action, resource) => {
    // Act
    const allowed = await isAllowed('webhook', policies.webhook, { action, resource });

    // Assess
    expect(allowed).toBe(false);
  });
});

describe('the api function: the bucket by folder', () => {
  const object = (key: string) => `arn:aws:s3:::${LOCAL_BUCKET_NAME}/${key}`;
  it.each([
    ['s3:PutObject', `${KEY_PREFIXES.uploads}u-1.pdf`, true],
    ['s3:PutObject', `${KEY_PREFIXES.attachments}c-1/0.pdf`, true],
    ['s3:PutObject', `${KEY_PREFIXES.documents}c-1/d-1.pdf`, false],
    ['s3:PutObject', `${KEY_PREFIXES.submissions}c-1/pas-bundle.json`, false],
    ['s3:PutObject', 'elsewhere/x.pdf', false],
    ['s3:GetObject', `${KEY_PREFIXES.uploads}u-1.pdf`, true],
    ['s3:GetObject', `${KEY_PREFIXES.documents}c-1/d-1.pdf`, true],
    ['s3:GetObject', `${KEY_PREFIXES.attachments}c-1/0.pdf`, false],
    ['s3:GetObject', `${KEY_PREFIXES.submissions}c-1/pas-bundle.json`, false],
    ['s3:GetObject', 'elsewhere/x.pdf', false],
  ])('%s on %s: allowed %s', async (action, key, expected) => {
    // Act
    const allowed = await isAllowed('api', policies.api, { action, resource: object(key) });

    // Assess
    expect(allowed).toBe(expected);
  });

  it('keeps ListBucket on the bucket, so a missing key is a 404 and not a 403', async () => {
    // Act
    const allowed = await isAllowed('api', policies.api, {
      action: 's3:ListBucket',
      resource: `arn:aws:s3:::${LOCAL_BUCKET_NAME}`,
    });

    // Assess
    expect(allowed).toBe(true);
  });
});

describe('the data key', () => {
  it.each(FUNCTIONS.filter((fn) => fn !== 'web'))(
    'is used by %s only through a service (kms:ViaService)',
    async (fn) => {
      // Act
      const direct = await isAllowed(fn, policies[fn], {
        action: 'kms:Decrypt',
        resource: localKeyArn(ARNS),
      });
      const throughLambda = await isAllowed(fn, policies[fn], {
        action: 'kms:Decrypt',
        resource: localKeyArn(ARNS),
        context: { 'kms:ViaService': 'lambda.us-east-1.amazonaws.com' },
      });

      // Assess
      expect(direct).toBe(false);
      expect(throughLambda).toBe(false);
    },
  );

  it('is not granted ReEncrypt or a wildcard action to any function', () => {
    // Act
    const wildcards = FUNCTIONS.flatMap((fn) =>
      grantedActions(policies[fn])
        .filter((a) => a.includes('*') || a.startsWith('kms:ReEncrypt'))
        .map((a) => `${fn}: ${a}`),
    );

    // Assess
    expect(wildcards).toEqual([]);
  });
});

describe('iamRequests: the IAM requests of one SDK call', () => {
  const table = `arn:aws:dynamodb:us-east-1:000000000000:table/${LOCAL_TABLE_NAME}`;
  const viaDynamoDb = { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' };

  it.each([
    [
      'a transaction, one request per item',
      [
        'DynamoDBDocumentClient',
        'TransactWriteCommand',
        {
          TransactItems: [
            { Put: { TableName: LOCAL_TABLE_NAME } },
            { Delete: { TableName: LOCAL_TABLE_NAME } },
            { ConditionCheck: { TableName: LOCAL_TABLE_NAME } },
          ],
        },
      ],
      [
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
        'kms:Decrypt',
        'kms:Encrypt',
      ],
    ],
    [
      'a low-level GetItem',
      ['DynamoDBClient', 'GetItemCommand', { TableName: LOCAL_TABLE_NAME }],
      ['dynamodb:GetItem', 'kms:Decrypt'],
    ],
    [
      'a HeadObject, as GetObject',
      ['S3Client', 'HeadObjectCommand', { Bucket: LOCAL_BUCKET_NAME, Key: 'k' }],
      ['s3:GetObject'],
    ],
    [
      'a PutObject, with the key through S3',
      ['S3Client', 'PutObjectCommand', { Bucket: LOCAL_BUCKET_NAME, Key: 'k' }],
      ['s3:PutObject', 'kms:GenerateDataKey'],
    ],
  ] as Array<[string, Call, string[]]>)('maps %s', (_, [client, command, input], actions) => {
    // Act
    const requests = iamRequests(client, command, input, ARNS);

    // Assess
    expect(requests.map((r) => r.action)).toEqual(actions);
  });

  it('puts a query of an index on the index, and the key use under kms:ViaService', () => {
    // Act
    const requests = iamRequests(
      'DynamoDBDocumentClient',
      'QueryCommand',
      { TableName: LOCAL_TABLE_NAME, IndexName: 'byDue' },
      ARNS,
    );

    // Assess
    expect(requests).toEqual([
      { action: 'dynamodb:Query', resource: `${table}/index/byDue` },
      { action: 'kms:Decrypt', resource: localKeyArn(ARNS), context: viaDynamoDb },
    ]);
  });

  it('asks nothing of an SDK client the product does not use', () => {
    // Act
    const requests = iamRequests('LambdaClient', 'InvokeCommand', {}, ARNS);

    // Assess
    expect(requests).toEqual([]);
  });
});
