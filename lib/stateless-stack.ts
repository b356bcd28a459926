/**
 * Everything that can be redeployed without losing data. The functions' settings and bundling
 * are in stateless/functions.ts, the HTTP routes and stage in stateless/http-api.ts, the alarms in
 * stateless/alarms.ts, the state machines' definitions in workflows.ts.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { AUDIT_TABLE_ENV } from './audit-table.ts';
import { EVENT_STREAM_SETTINGS, RECEIPT_INSERT_FILTER } from './event-stream.ts';
import {
  type AccessResources,
  DEFAULT_MAIL_FROM,
  FUNCTION_ACCESS,
  type FunctionName,
  grantAccess,
  KEY_PREFIXES,
  mailIdentityArn,
} from './stateless/access.ts';
import { createAlarms } from './stateless/alarms.ts';
import { createDashboard } from './stateless/dashboard.ts';
import {
  ENTRY_FUNCTIONS,
  type EntryFunctionName,
  type FunctionSettings,
  LAMBDA_TEMPLATES_DIR,
  LAMBDA_WEB_DIR,
  nodeFunction,
  STEP_FUNCTIONS,
} from './stateless/functions.ts';
import { addHttpRoutes } from './stateless/http-api.ts';
import { Identity } from './stateless/identity.ts';
import { HANDLER_ENV, STATE_MACHINES, type StateMachineName, type TaskName } from './workflow-contract.ts';
import { buildWorkflows } from './workflows.ts';

export type { EntryFunctionName } from './stateless/functions.ts';

/** The stateful stack's resources this stack uses (StatefulStack satisfies it). */
export interface StatefulResources {
  readonly key: kms.IKey;
  readonly table: dynamodb.ITable;
  readonly auditTable: dynamodb.ITable;
  readonly documentsBucket: s3.IBucket;
  readonly payersSecret: secretsmanager.ISecret;
  readonly apiTokenSecret: secretsmanager.ISecret;
}

export interface StatelessStackProps extends StackProps {
  readonly stateful: StatefulResources;
  /** Retention of every log group (Lambda, state machines, API access logs). */
  readonly logRetention?: logs.RetentionDays;
  /** Default-stage throttling of the HTTP API. */
  readonly apiThrottle?: { rateLimit: number; burstLimit: number };
  /** Subscribed to the alarm topic (context `alarmEmail`, lib/stage.ts); it confirms by e-mail. */
  readonly alarmEmail?: string;
}

/**
 * Everything that can be redeployed without losing data: the functions, the two state machines,
 * the HTTP API, the schedule and the alarms. Grants are per function, and only what it needs.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<EntryFunctionName, nodejs.NodejsFunction>;
  readonly taskFunctions: Record<TaskName, nodejs.NodejsFunction>;
  readonly stateMachines: Record<StateMachineName, sfn.StateMachine>;
  readonly httpApi: apigwv2.HttpApi;
  readonly sweepDeadLetterQueue: sqs.Queue;
  /** Drop-folder events the remittance inbox function failed on after its retries. */
  readonly remittanceInboxDeadLetterQueue: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];
  readonly dashboard: cloudwatch.Dashboard;

  private readonly key: kms.IKey;
  private readonly logRetention: logs.RetentionDays;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { key } = props.stateful;
    this.key = key;
    const { table, auditTable, documentsBucket } = this.importData(props.stateful);
    const { payersSecret, apiTokenSecret } = props.stateful;
    this.logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;

    // Created first (its routes come later) so the functions can know the public URL: a function
    // depends on the Api resource only, and the routes depend on the functions, so no cycle.
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Durvalumab prior-auth and appeals API (API.md)',
      createDefaultStage: false,
    });
    const publicUrl = this.httpApi.apiEndpoint;
    // The daily digest's sender (context `mailFrom`): an SES identity verified in the account.
    const mailFrom = String(this.node.tryGetContext('mailFrom') ?? DEFAULT_MAIL_FROM);

    const data = {
      [HANDLER_ENV.TABLE_NAME]: table.tableName,
      [HANDLER_ENV.BUCKET_NAME]: documentsBucket.bucketName,
      [HANDLER_ENV.KMS_KEY_ARN]: key.keyArn,
      [HANDLER_ENV.PAYERS_SECRET_ARN]: payersSecret.secretArn,
    };

    // Task functions first: the state machines need them, the entry functions need the machines.
    this.taskFunctions = Object.fromEntries(
      (Object.keys(STEP_FUNCTIONS) as TaskName[]).map((task) => {
        const settings = STEP_FUNCTIONS[task];
        const fn = this.nodeFunction(`${task}Function`, settings, {
          ...data,
          [HANDLER_ENV.PA_PUBLIC_URL]: publicUrl,
          ...(FUNCTION_ACCESS[task].audit?.length ? { [AUDIT_TABLE_ENV]: auditTable.tableName } : {}),
          ...(settings.rendersDocuments ? { PA_TEMPLATES_DIR: LAMBDA_TEMPLATES_DIR } : {}),
        });
        return [task, fn];
      }),
    ) as Record<TaskName, nodejs.NodejsFunction>;

    const workflows = buildWorkflows(this, this.taskFunctions);
    const chains: Record<StateMachineName, sfn.IChainable> = {
      SubmitPriorAuth: workflows.submitPriorAuth,
      HandlePayerEvent: workflows.handlePayerEvent,
      DeliverSimulatedAnswer: workflows.deliverSimulatedAnswer,
    };
    this.stateMachines = Object.fromEntries(
      STATE_MACHINES.map((name) => [name, this.stateMachine(name, chains[name])]),
    ) as Record<StateMachineName, sfn.StateMachine>;
    const { SubmitPriorAuth: submitPriorAuth, HandlePayerEvent: handlePayerEvent } = this.stateMachines;
    // A payer that answers the submission at once (PAS, X12 278) has its answer handled like a
    // webhook: SubmitToPayer starts HandlePayerEvent itself.
    const submitToPayer = this.taskFunctions.SubmitToPayer;
    submitToPayer.addEnvironment(HANDLER_ENV.EVENT_STATE_MACHINE_ARN, handlePayerEvent.stateMachineArn);
    // The payer simulator's answers are DeliverSimulatedAnswer executions that SubmitToPayer starts.
    const deliverSimulatedAnswer = this.stateMachines.DeliverSimulatedAnswer;
    submitToPayer.addEnvironment(
      HANDLER_ENV.SIMULATOR_STATE_MACHINE_ARN,
      deliverSimulatedAnswer.stateMachineArn,
    );

    this.sweepDeadLetterQueue = new sqs.Queue(this, 'SweepDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const api = this.nodeFunction('ApiFunction', ENTRY_FUNCTIONS.api, {
      ...data,
      [HANDLER_ENV.SUBMIT_STATE_MACHINE_ARN]: submitPriorAuth.stateMachineArn,
      [HANDLER_ENV.PA_PUBLIC_URL]: publicUrl,
      [AUDIT_TABLE_ENV]: auditTable.tableName,
      PA_MAIL_FROM: mailFrom,
    });

    const webhook = this.nodeFunction('WebhookFunction', ENTRY_FUNCTIONS.webhook, {
      [HANDLER_ENV.TABLE_NAME]: table.tableName,
      [HANDLER_ENV.PAYERS_SECRET_ARN]: payersSecret.secretArn,
    });

    // A stored payer event starts HandlePayerEvent from the table's stream (lib/event-stream.ts):
    // the webhook answers once the event is stored. Failed batches are tried again; past that the
    // sweep re-drives every stored event not applied.
    const eventStream = this.nodeFunction('EventStreamFunction', ENTRY_FUNCTIONS.eventStream, {
      [HANDLER_ENV.TABLE_NAME]: table.tableName,
      [HANDLER_ENV.EVENT_STATE_MACHINE_ARN]: handlePayerEvent.stateMachineArn,
    });
    const tableStreamArn = table.tableStreamArn ?? '';
    new lambda.EventSourceMapping(this, 'EventStreamMapping', {
      target: eventStream,
      eventSourceArn: tableStreamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: EVENT_STREAM_SETTINGS.batchSize,
      maxBatchingWindow: Duration.seconds(EVENT_STREAM_SETTINGS.maxBatchingWindowSeconds),
      retryAttempts: EVENT_STREAM_SETTINGS.retryAttempts,
      reportBatchItemFailures: true,
      filters: [lambda.FilterCriteria.filter(RECEIPT_INSERT_FILTER)],
    });

    const authorizer = this.nodeFunction('AuthorizerFunction', ENTRY_FUNCTIONS.authorizer, {
      [HANDLER_ENV.API_TOKEN_SECRET_ARN]: apiTokenSecret.secretArn,
    });

    const sweep = this.nodeFunction(
      'SweepFunction',
      ENTRY_FUNCTIONS.sweep,
      {
        [HANDLER_ENV.TABLE_NAME]: table.tableName,
        [HANDLER_ENV.SUBMIT_STATE_MACHINE_ARN]: submitPriorAuth.stateMachineArn,
        [HANDLER_ENV.EVENT_STATE_MACHINE_ARN]: handlePayerEvent.stateMachineArn,
        [HANDLER_ENV.SIMULATOR_STATE_MACHINE_ARN]: deliverSimulatedAnswer.stateMachineArn,
        [HANDLER_ENV.PAYERS_SECRET_ARN]: payersSecret.secretArn,
        // The daily digest (digest-schedule.ts): its sender and the web app's address for links.
        PA_MAIL_FROM: mailFrom,
        [HANDLER_ENV.PA_PUBLIC_URL]: publicUrl,
      },
      { deadLetterQueue: this.sweepDeadLetterQueue, retryAttempts: 2 },
    );

    // The web app: reads its own bundle only, no grant on the table, the bucket or a secret.
    const web = this.nodeFunction('WebFunction', ENTRY_FUNCTIONS.web, { PA_WEB_DIR: LAMBDA_WEB_DIR });

    // The 835 drop folder: S3's Object Created events (EventBridge) under remittances/inbox/ start
    // the function that ingests the file as POST /v1/remittances does; failed deliveries are kept.
    this.remittanceInboxDeadLetterQueue = new sqs.Queue(this, 'RemittanceInboxDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const remittanceInbox = this.nodeFunction(
      'RemittanceInboxFunction',
      ENTRY_FUNCTIONS.remittanceInbox,
      {
        ...data,
        [AUDIT_TABLE_ENV]: auditTable.tableName,
      },
      { deadLetterQueue: this.remittanceInboxDeadLetterQueue, retryAttempts: 2 },
    );
    new events.Rule(this, 'RemittanceInboxRule', {
      description: 'An 835 put under remittances/inbox/ of the documents bucket is ingested',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [documentsBucket.bucketName] },
          object: { key: [{ prefix: KEY_PREFIXES.remittanceInbox }] },
        },
      },
      targets: [new eventTargets.LambdaFunction(remittanceInbox, { retryAttempts: 2 })],
    });

    // Cognito's pre-token trigger (lib/stateless/identity.ts): no grant, no environment.
    const preToken = this.nodeFunction('PreTokenFunction', ENTRY_FUNCTIONS.preToken, {});

    this.functions = { api, webhook, authorizer, sweep, web, remittanceInbox, preToken, eventStream };

    // The Cognito user pool is the issuer on AWS (stateless/identity.ts); the api makes people in it.
    const identity = new Identity(this, 'Identity', {
      webCallbackUrls: [`${publicUrl}/app/`],
      preTokenFunction: preToken,
    });
    api.addEnvironment('PA_USER_POOL_ID', identity.userPool.userPoolId);

    // Each function's grants are exactly what it calls (stateless/access.ts), KMS only through
    // the service that holds the data; the local stack checks every call against them.
    const resources: AccessResources = {
      tableArn: table.tableArn,
      tableStreamArn,
      auditTableArn: auditTable.tableArn,
      bucketArn: documentsBucket.bucketArn,
      keyArn: key.keyArn,
      region: this.region,
      secretArns: { payers: payersSecret.secretArn, apiToken: apiTokenSecret.secretArn },
      stateMachineArns: {
        SubmitPriorAuth: submitPriorAuth.stateMachineArn,
        HandlePayerEvent: handlePayerEvent.stateMachineArn,
        DeliverSimulatedAnswer: deliverSimulatedAnswer.stateMachineArn,
      },
      mailIdentityArn: mailIdentityArn(this.region, this.account, mailFrom),
      userPoolArn: identity.userPool.userPoolArn,
    };
    for (const [name, fn] of Object.entries({ ...this.functions, ...this.taskFunctions })) {
      grantAccess(fn, FUNCTION_ACCESS[name as FunctionName], resources);
    }

    new events.Rule(this, 'DeadlineSweepSchedule', {
      description: 'Overdue payer decisions, appeals near their deadline, re-drive of stuck cases',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new eventTargets.LambdaFunction(sweep, { retryAttempts: 2 })],
    });

    const stage = addHttpRoutes(this, {
      httpApi: this.httpApi,
      functions: { api, webhook, web },
      authorizerFunction: authorizer,
      identity,
      throttle: props.apiThrottle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogs: this.logGroup('ApiAccessLogs'),
    });

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Durvalumab prior-auth alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.alarms = createAlarms(this, {
      topic: this.alarmTopic,
      stateMachines: this.stateMachines,
      functions: { ...this.functions, ...this.taskFunctions },
      sweepDeadLetterQueue: this.sweepDeadLetterQueue,
      stage,
    });
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));
    }
    this.dashboard = createDashboard(this, {
      stateMachines: this.stateMachines,
      functions: { ...this.functions, ...this.taskFunctions },
      stage,
    });

    new CfnOutput(this, 'ApiUrl', { value: publicUrl });
    new CfnOutput(this, 'ApiTokenSecretArn', { value: apiTokenSecret.secretArn });
    new CfnOutput(this, 'PayerRegistrySecretArn', { value: payersSecret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName });
  }

  /**
   * The table and the bucket, referenced through exports with fixed names (dataExportNames)
   * rather than generated ones: the names are readable in both
   * templates and in the cdk-nag acknowledgements of the wildcard grants on them.
   */
  private importData(stateful: StatefulResources): {
    table: dynamodb.ITable;
    auditTable: dynamodb.ITable;
    documentsBucket: s3.IBucket;
  } {
    const exporter = Stack.of(stateful.table);
    const names = dataExportNames(exporter);
    if (!stateful.table.tableStreamArn)
      throw new Error('the cases table needs its stream (lib/event-stream.ts)');
    const table = dynamodb.Table.fromTableAttributes(this, 'CasesTable', {
      tableArn: exporter.exportValue(stateful.table.tableArn, { name: names.tableArn }),
      tableStreamArn: exporter.exportValue(stateful.table.tableStreamArn, { name: names.tableStreamArn }),
      encryptionKey: this.key,
      grantIndexPermissions: true,
    });
    const documentsBucket = s3.Bucket.fromBucketAttributes(this, 'DocumentsBucket', {
      bucketArn: exporter.exportValue(stateful.documentsBucket.bucketArn, { name: names.documentsBucketArn }),
      encryptionKey: this.key,
    });
    const auditTable = dynamodb.Table.fromTableAttributes(this, 'AuditTable', {
      tableArn: exporter.exportValue(stateful.auditTable.tableArn, { name: names.auditTableArn }),
      encryptionKey: this.key,
      grantIndexPermissions: true,
    });
    return { table, auditTable, documentsBucket };
  }

  private logGroup(id: string): logs.LogGroup {
    return new logs.LogGroup(this, id, { retention: this.logRetention, encryptionKey: this.key });
  }

  private nodeFunction(
    id: string,
    settings: FunctionSettings,
    environment: Record<string, string>,
    extra: Partial<nodejs.NodejsFunctionProps> = {},
  ): nodejs.NodejsFunction {
    return nodeFunction(this, id, settings, environment, this.logGroup(`${id}Logs`), extra);
  }

  private stateMachine(name: StateMachineName, definition: sfn.IChainable): sfn.StateMachine {
    return new sfn.StateMachine(this, name, {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      // Execution data would put task inputs and outputs in the logs: ids only, but keep it out.
      logs: {
        destination: this.logGroup(`${name}Logs`),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }
}

/** Export names of the table and bucket ARNs, owned by the stack that holds them. */
export function dataExportNames(statefulStack: Stack): {
  tableArn: string;
  tableStreamArn: string;
  auditTableArn: string;
  documentsBucketArn: string;
} {
  return {
    tableArn: `${statefulStack.stackName}-CasesTableArn`,
    tableStreamArn: `${statefulStack.stackName}-CasesTableStreamArn`,
    auditTableArn: `${statefulStack.stackName}-AuditTableArn`,
    documentsBucketArn: `${statefulStack.stackName}-DocumentsBucketArn`,
  };
}
