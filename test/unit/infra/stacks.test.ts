import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES_STREAM_VIEW, EVENT_STREAM_SETTINGS, RECEIPT_INSERT_FILTER } from '#infra/event-stream.ts';
import { FUNCTION_ENTRIES, ROUTES } from '#infra/routes.ts';
import { STATE_MACHINES, TASKS, type TaskName } from '#infra/workflow-contract.ts';
import { renderLocalDefinitions } from '#infra/workflows.ts';
import { buildAppUnderTest, definitionFromTemplate, logicalIdOf } from './app-under-test.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
type AslState = {
  Type: string;
  Retry?: { JitterStrategy?: string; BackoffRate?: number }[];
  Catch?: unknown[];
};

// One synth for the whole file (bundling skipped): every test reads these templates.
const built = buildAppUnderTest({ nag: false });
const { stateful, stateless } = built;
let statefulTemplate: Template;
let statelessTemplate: Template;

beforeAll(() => {
  statefulTemplate = Template.fromStack(stateful);
  statelessTemplate = Template.fromStack(stateless);
}, 60_000);

const keyArn = () => ({ 'Fn::GetAtt': [logicalIdOf(stateful, stateful.key), 'Arn'] });

function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** Every statement of the policies attached to a role. */
function statementsOfRole(roleLogicalId: string): Statement[] {
  return Object.values(resourcesOf(statelessTemplate, 'AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as { Ref?: string }[]).some((role) => role.Ref === roleLogicalId),
    )
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

function roleOf(name: keyof typeof stateless.functions | TaskName): string {
  const fn =
    name in stateless.functions
      ? stateless.functions[name as keyof typeof stateless.functions]
      : stateless.taskFunctions[name as TaskName];
  return logicalIdOf(stateless, fn.role as never);
}

/** The AWS::Lambda::Function resource of a function construct. */
function functionResource(fn: { node: { defaultChild?: unknown } }): Resource {
  const resource = resourcesOf(statelessTemplate, 'AWS::Lambda::Function')[logicalIdOf(stateless, fn)];
  if (!resource) throw new Error('function not in the template');
  return resource;
}

function environmentOf(fn: { node: { defaultChild?: unknown } }): Record<string, unknown> {
  return (functionResource(fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

function startExecutionTargets(roleLogicalId: string): string[] {
  return statementsOfRole(roleLogicalId)
    .filter((s) => actionsOf([s]).includes('states:StartExecution'))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
    .map((r) => (r as { Ref: string }).Ref);
}

describe('stateful stack', () => {
  it('encrypts with a rotating customer-managed key that is retained', () => {
    // Assess
    statefulTemplate.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
    statefulTemplate.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/durvalumab-pa/data' });
  });

  it('keeps the case table on the customer key with PITR, TTL, deletion protection and RETAIN', () => {
    // Assess
    statefulTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it.each([
    ['byStatus', 'gsi1pk', 'gsi1sk'],
    ['byPayer', 'gsi2pk', 'gsi2sk'],
    ['byDue', 'gsi3pk', 'gsi3sk'],
    ['byAssignee', 'gsi4pk', 'gsi4sk'],
    ['byStatusAll', 'gsi5pk', 'gsi5sk'],
  ])('has the GSI %s (%s / %s) with ALL projection', (indexName, pk, sk) => {
    // Assess
    statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: indexName,
          KeySchema: [
            { AttributeName: pk, KeyType: 'HASH' },
            { AttributeName: sk, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
    });
  });

  it('keeps documents in a KMS-encrypted, versioned, private, access-logged bucket that is retained', () => {
    // Assess
    statefulTemplate.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn() },
            },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({
          DestinationBucketName: { Ref: logicalIdOf(stateful, stateful.accessLogsBucket) },
        }),
      }),
    });
  });

  it.each([['DocumentsBucket'], ['AccessLogsBucket']] as const)('denies non-TLS requests to %s', (bucket) => {
    // Prepare
    const target = bucket === 'DocumentsBucket' ? stateful.documentsBucket : stateful.accessLogsBucket;
    // Assess
    statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(stateful, target) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('keeps both secrets on the customer key and retains them', () => {
    // Act
    const secrets = Object.values(resourcesOf(statefulTemplate, 'AWS::SecretsManager::Secret'));
    // Assess
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) {
      expect(secret.DeletionPolicy).toBe('Retain');
      expect(secret.Properties.KmsKeyId).toEqual(keyArn());
    }
  });

  it('backs the tables (cases, audit) up with AWS Backup', () => {
    // Assess
    statefulTemplate.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: [
          { 'Fn::GetAtt': [logicalIdOf(stateful, stateful.table), 'Arn'] },
          { 'Fn::GetAtt': [logicalIdOf(stateful, stateful.auditTable), 'Arn'] },
        ],
      }),
    });
  });
});

describe('stateless stack: functions', () => {
  const allFunctions = () => Object.values(resourcesOf(statelessTemplate, 'AWS::Lambda::Function'));

  it('runs every function on nodejs24.x, arm64, ESM bundles, with reserved concurrency and its own log group', () => {
    // Act
    const functions = allFunctions();
    // Assess
    expect(functions).toHaveLength(Object.keys(TASKS).length + Object.keys(FUNCTION_ENTRIES).length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
      expect(fn.Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
    }
  });

  it('sets a retention and the customer key on every log group', () => {
    // Act
    const logGroups = Object.values(resourcesOf(statelessTemplate, 'AWS::Logs::LogGroup'));
    // Assess
    expect(logGroups.length).toBeGreaterThanOrEqual(Object.keys(TASKS).length + 5 + 2 + 1);
    for (const logGroup of logGroups) {
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
      expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::ImportValue': expect.stringContaining('DataKey') });
    }
  });

  it.each([
    ['AssemblePacket', 512, true],
    ['ComposeRemedy', 512, true],
    ['SubmitToPayer', 256, false],
    ['ApplyPayerEvent', 256, false],
  ] as const)(
    'gives %s %i MB and templates/ only where it renders documents',
    (task, memory, rendersDocuments) => {
      // Act
      const fn = stateless.taskFunctions[task];
      const variables = environmentOf(fn);
      // Assess
      expect(functionResource(fn).Properties.MemorySize).toBe(memory);
      expect(variables.PA_TEMPLATES_DIR).toBe(rendersDocuments ? '/var/task/templates' : undefined);
      expect(Object.keys(variables)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'BUCKET_NAME', 'PAYERS_SECRET_ARN', 'PA_PUBLIC_URL']),
      );
    },
  );

  it('tells the api function the state machine, the bucket and its own public URL', () => {
    // Act
    const variables = environmentOf(stateless.functions.api);
    // Assess
    expect(variables.SUBMIT_STATE_MACHINE_ARN).toEqual({
      Ref: logicalIdOf(stateless, stateless.stateMachines.SubmitPriorAuth),
    });
    expect(variables.PA_PUBLIC_URL).toEqual({
      'Fn::GetAtt': [logicalIdOf(stateless, stateless.httpApi), 'ApiEndpoint'],
    });
  });

  it('tells the web function where its bundle holds the web app, and nothing of the data', () => {
    // Act
    const variables = environmentOf(stateless.functions.web);
    // Assess
    expect(variables.PA_WEB_DIR).toBe('/var/task/web');
    expect(Object.keys(variables)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/TABLE|BUCKET|SECRET|STATE_MACHINE/)]),
    );
  });

  it('sends failed asynchronous sweeps to a KMS-encrypted dead-letter queue', () => {
    // Act
    const sweep = functionResource(stateless.functions.sweep);
    const queueId = logicalIdOf(stateless, stateless.sweepDeadLetterQueue);
    // Assess
    expect(sweep.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    statelessTemplate.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  it('gives the cases table a keys-only stream, and the audit table none', () => {
    // Act
    const tables = Object.values(resourcesOf(statefulTemplate, 'AWS::DynamoDB::Table'));
    // Assess
    expect(tables.map((t) => t.Properties.StreamSpecification ?? null)).toEqual(
      expect.arrayContaining([{ StreamViewType: CASES_STREAM_VIEW }, null]),
    );
    expect(tables.filter((t) => t.Properties.StreamSpecification)).toHaveLength(1);
  });

  it("hands the cases table stream's new receipts to the eventStream function, as the local poller does", () => {
    // Act
    const mappings = Object.values(resourcesOf(statelessTemplate, 'AWS::Lambda::EventSourceMapping'));
    // Assess
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: { Ref: logicalIdOf(stateless, stateless.functions.eventStream) },
      EventSourceArn: { 'Fn::ImportValue': expect.stringMatching(/-CasesTableStreamArn$/) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: EVENT_STREAM_SETTINGS.batchSize,
      MaximumBatchingWindowInSeconds: EVENT_STREAM_SETTINGS.maxBatchingWindowSeconds,
      MaximumRetryAttempts: EVENT_STREAM_SETTINGS.retryAttempts,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(RECEIPT_INSERT_FILTER) }] },
    });
  });

  it('runs the sweep every 15 minutes', () => {
    // Assess
    statelessTemplate.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(stateless, stateless.functions.sweep), 'Arn'] },
        }),
      ],
    });
  });
});

describe('stateless stack: least privilege', () => {
  it('lets the authorizer read its token secret and nothing of the data', () => {
    // Act
    const actions = actionsOf(statementsOfRole(roleOf('authorizer')));
    // Assess
    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
    expect(actions.filter((a) => /^(dynamodb|s3|states):/.test(a))).toEqual([]);
  });

  it.each([
    ['api', ['SubmitPriorAuth']],
    ['remittanceInbox', []],
    ['webhook', []],
    ['eventStream', ['HandlePayerEvent']],
    ['sweep', ['SubmitPriorAuth', 'HandlePayerEvent', 'DeliverSimulatedAnswer']],
    ['authorizer', []],
    ['web', []],
    ['SubmitToPayer', ['HandlePayerEvent', 'DeliverSimulatedAnswer']],
    ['DeliverSimulatedAnswer', []],
    ['AssemblePacket', []],
    ['ComposeRemedy', []],
  ] as const)('lets %s start only %j', (name, machines) => {
    // Act
    const targets = startExecutionTargets(roleOf(name));
    // Assess
    expect(targets.sort()).toEqual(
      machines.map((m) => logicalIdOf(stateless, stateless.stateMachines[m])).sort(),
    );
  });

  it.each([
    ['api', true, true],
    ['webhook', true, false],
    ['sweep', true, false],
    ['authorizer', false, false],
    ['web', false, false],
    ['SubmitToPayer', true, false],
    ['AssemblePacket', true, true],
    ['ComposeRemedy', true, true],
    ['ApplyPayerEvent', true, false],
  ] as const)('gives %s table access %s and bucket write access %s', (name, table, bucket) => {
    // Act
    const actions = actionsOf(statementsOfRole(roleOf(name)));
    // Assess
    expect(actions.includes('dynamodb:PutItem')).toBe(table);
    expect(actions.includes('s3:PutObject')).toBe(bucket);
  });
});

describe('stateless stack: HTTP API', () => {
  // The local issuer's routes are Cognito's on AWS (lib/stateless/identity.ts).
  it.each(ROUTES.filter((r) => !r.localIssuer).map((r) => [`${r.method} ${r.path}`, r.auth] as const))(
    'serves %s (authorizer: %s)',
    (routeKey, auth) => {
      // Assess
      statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: auth ? 'CUSTOM' : 'NONE',
        ...(auth ? { AuthorizerId: Match.anyValue() } : {}),
      });
    },
  );

  it('serves the web app on GET /app and GET /app/{proxy+} from the web function, without the authorizer', () => {
    // Act
    const routes = Object.values(resourcesOf(statelessTemplate, 'AWS::ApiGatewayV2::Route')).filter((r) =>
      String(r.Properties.RouteKey).startsWith('GET /app'),
    );
    const webIntegrations = Object.entries(
      resourcesOf(statelessTemplate, 'AWS::ApiGatewayV2::Integration'),
    ).filter(([, i]) =>
      JSON.stringify(i.Properties.IntegrationUri).includes(logicalIdOf(stateless, stateless.functions.web)),
    );
    // Assess
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(['GET /app', 'GET /app/{proxy+}']);
    expect(webIntegrations).toHaveLength(1);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
      expect(route.Properties.Target).toEqual({
        'Fn::Join': ['', ['integrations/', { Ref: webIntegrations[0]![0] }]],
      });
    }
  });

  it('lets the web function read no table, bucket, secret or state machine', () => {
    // Act
    const actions = actionsOf(statementsOfRole(roleOf('web')));
    // Assess
    expect(actions.filter((a) => /^(dynamodb|s3|states|secretsmanager|kms):/.test(a))).toEqual([]);
  });

  it('has exactly the routes of lib/routes.ts, less the local issuer ones', () => {
    // Act
    const keys = Object.values(resourcesOf(statelessTemplate, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    // Assess
    expect(keys.sort()).toEqual(
      ROUTES.filter((r) => !r.localIssuer)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
  });

  it('checks the bearer token with a simple-response Lambda authorizer and no result cache', () => {
    // Assess
    statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.Authorization'],
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: 0,
    });
  });

  it('integrates with payload format 2.0 and logs access on a throttled default stage', () => {
    // Act
    const integrations = Object.values(resourcesOf(statelessTemplate, 'AWS::ApiGatewayV2::Integration'));
    // Assess
    expect(integrations).toHaveLength(3);
    for (const integration of integrations) expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
  });
});

describe('stateless stack: state machines and alarms', () => {
  const machines = () => resourcesOf(statelessTemplate, 'AWS::StepFunctions::StateMachine');
  const taskFunctionIds = () =>
    Object.fromEntries(
      (Object.keys(TASKS) as TaskName[]).map((task) => [
        logicalIdOf(stateless, stateless.taskFunctions[task]),
        task,
      ]),
    );
  const definitionOf = (name: (typeof STATE_MACHINES)[number]) => {
    const machine = machines()[logicalIdOf(stateless, stateless.stateMachines[name])];
    return definitionFromTemplate(machine?.Properties.DefinitionString, taskFunctionIds()) as {
      States: Record<string, AslState>;
    };
  };

  it.each(STATE_MACHINES.map((name) => [name]))(
    '%s is STANDARD, traced, and logs without execution data',
    (name) => {
      // Act
      const machine = machines()[logicalIdOf(stateless, stateless.stateMachines[name])];
      // Assess
      expect(machine?.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { IncludeExecutionData: false, Level: expect.stringMatching(/^(ALL|ERROR)$/) },
      });
    },
  );

  it.each(STATE_MACHINES.map((name) => [name]))(
    '%s retries with backoff and jitter and catches on every Task',
    (name) => {
      // Act
      const tasks = Object.entries(definitionOf(name).States).filter(([, s]) => s.Type === 'Task');
      // Assess
      expect(tasks.length).toBeGreaterThan(0);
      for (const [, state] of tasks) {
        expect(state.Retry?.length).toBeGreaterThan(0);
        for (const retry of state.Retry ?? []) {
          expect(retry.JitterStrategy).toBe('FULL');
          expect(retry.BackoffRate).toBeGreaterThan(1);
        }
        expect(state.Catch?.length).toBeGreaterThan(0);
      }
    },
  );

  it.each(STATE_MACHINES.map((name) => [name]))(
    '%s is exactly the definition the local stack runs (renderLocalDefinitions)',
    (name) => {
      // Act
      const local = renderLocalDefinitions().definitions[name];
      // Assess
      expect(definitionOf(name)).toEqual(local);
    },
  );

  it('alarms on failed executions, function errors, the dead-letter queue and API 5xx, to the alarm topic', () => {
    // Act
    const alarms = Object.values(resourcesOf(statelessTemplate, 'AWS::CloudWatch::Alarm'));
    const metricNames = alarms.map((a) => a.Properties.MetricName);
    // Assess
    expect(metricNames.filter((m) => m === 'ExecutionsFailed')).toHaveLength(STATE_MACHINES.length);
    expect(metricNames.filter((m) => m === 'Errors')).toHaveLength(
      Object.keys(TASKS).length + Object.keys(FUNCTION_ENTRIES).length,
    );
    expect(metricNames).toContain('ApproximateNumberOfMessagesVisible');
    expect(metricNames).toContain('5xx');
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: logicalIdOf(stateless, stateless.alarmTopic) }]);
    }
  });
});
