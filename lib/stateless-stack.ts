import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { FUNCTION_ENTRIES, ROUTES } from './routes.ts';
import {
  HANDLER_ENV,
  STATE_MACHINES,
  type StateMachineName,
  TASKS,
  type TaskName,
} from './workflow-contract.ts';
import { buildWorkflows } from './workflows.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the templates/ folder lands inside the bundles that render documents. */
const LAMBDA_TEMPLATES_DIR = '/var/task/templates';

/** Where the web app (web/ and two Swagger UI files) lands inside the `web` bundle. */
const LAMBDA_WEB_DIR = '/var/task/web';

export type EntryFunctionName = keyof typeof FUNCTION_ENTRIES;

/** The stateful stack's resources this stack uses (StatefulStack satisfies it). */
export interface StatefulResources {
  readonly key: kms.IKey;
  readonly table: dynamodb.ITable;
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
}

interface FunctionSettings {
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Caps what one function can take from the account and what it can push on the table and payers. */
  readonly reservedConcurrency: number;
  /** Renders documents: gets templates/ in its bundle and more memory for pdf-lib. */
  readonly rendersDocuments?: boolean;
  /** Serves the web app: gets web/ and Swagger UI in its bundle. */
  readonly servesWebApp?: boolean;
}

const ENTRY_FUNCTIONS: Record<EntryFunctionName, FunctionSettings> = {
  // API Gateway HTTP APIs wait 30 s at most for an integration.
  api: {
    entry: FUNCTION_ENTRIES.api,
    memorySize: 256,
    timeout: Duration.seconds(29),
    reservedConcurrency: 50,
  },
  webhook: {
    entry: FUNCTION_ENTRIES.webhook,
    memorySize: 256,
    timeout: Duration.seconds(10),
    reservedConcurrency: 20,
  },
  authorizer: {
    entry: FUNCTION_ENTRIES.authorizer,
    memorySize: 256,
    timeout: Duration.seconds(5),
    reservedConcurrency: 50,
  },
  // One sweep at a time: overlapping sweeps would re-drive the same cases twice.
  sweep: {
    entry: FUNCTION_ENTRIES.sweep,
    memorySize: 256,
    timeout: Duration.minutes(5),
    reservedConcurrency: 1,
  },
  // Static files only: small, and a modest cap (browsers cache nothing past no-cache revalidation).
  web: {
    entry: FUNCTION_ENTRIES.web,
    memorySize: 128,
    timeout: Duration.seconds(5),
    reservedConcurrency: 10,
    servesWebApp: true,
  },
};

const STEP_FUNCTIONS: Record<TaskName, FunctionSettings> = {
  AssemblePacket: {
    entry: TASKS.AssemblePacket,
    memorySize: 512,
    timeout: Duration.seconds(60),
    reservedConcurrency: 10,
    rendersDocuments: true,
  },
  SubmitToPayer: {
    entry: TASKS.SubmitToPayer,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 10,
  },
  MarkSubmissionFailed: {
    entry: TASKS.MarkSubmissionFailed,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 10,
  },
  ApplyPayerEvent: {
    entry: TASKS.ApplyPayerEvent,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 10,
  },
  ComposeRemedy: {
    entry: TASKS.ComposeRemedy,
    memorySize: 512,
    timeout: Duration.seconds(60),
    reservedConcurrency: 10,
    rendersDocuments: true,
  },
  RecordWorkflowFailure: {
    entry: TASKS.RecordWorkflowFailure,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 10,
  },
};

/** ESM bundles still meet CommonJS dependencies that call require(). */
const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
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
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  private readonly key: kms.IKey;
  private readonly logRetention: logs.RetentionDays;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { key } = props.stateful;
    this.key = key;
    const { table, documentsBucket } = this.importData(props.stateful);
    const payersSecret = this.readableSecret('PayerRegistry', props.stateful.payersSecret);
    const apiTokenSecret = this.readableSecret('ApiToken', props.stateful.apiTokenSecret);
    this.logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;

    // Created first (its routes come later) so the functions can know the public URL: a function
    // depends on the Api resource only, and the routes depend on the functions, so no cycle.
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Durvalumab prior-auth and appeals API (API.md)',
      createDefaultStage: false,
    });
    const publicUrl = this.httpApi.apiEndpoint;

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
          ...(settings.rendersDocuments ? { PA_TEMPLATES_DIR: LAMBDA_TEMPLATES_DIR } : {}),
        });
        table.grantReadWriteData(fn);
        documentsBucket.grantReadWrite(fn);
        payersSecret.grantRead(fn);
        return [task, fn];
      }),
    ) as Record<TaskName, nodejs.NodejsFunction>;

    const workflows = buildWorkflows(this, this.taskFunctions);
    const chains: Record<StateMachineName, sfn.IChainable> = {
      SubmitPriorAuth: workflows.submitPriorAuth,
      HandlePayerEvent: workflows.handlePayerEvent,
    };
    this.stateMachines = Object.fromEntries(
      STATE_MACHINES.map((name) => [name, this.stateMachine(name, chains[name])]),
    ) as Record<StateMachineName, sfn.StateMachine>;
    const { SubmitPriorAuth: submitPriorAuth, HandlePayerEvent: handlePayerEvent } = this.stateMachines;
    // A payer that answers the submission at once (PAS, X12 278) has its answer handled like a
    // webhook: SubmitToPayer starts HandlePayerEvent itself.
    const submitToPayer = this.taskFunctions.SubmitToPayer;
    submitToPayer.addEnvironment(HANDLER_ENV.EVENT_STATE_MACHINE_ARN, handlePayerEvent.stateMachineArn);
    handlePayerEvent.grantStartExecution(submitToPayer);

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
    });
    table.grantReadWriteData(api);
    documentsBucket.grantReadWrite(api);
    submitPriorAuth.grantStartExecution(api);
    payersSecret.grantRead(api);

    const webhook = this.nodeFunction('WebhookFunction', ENTRY_FUNCTIONS.webhook, {
      [HANDLER_ENV.TABLE_NAME]: table.tableName,
      [HANDLER_ENV.PAYERS_SECRET_ARN]: payersSecret.secretArn,
      [HANDLER_ENV.EVENT_STATE_MACHINE_ARN]: handlePayerEvent.stateMachineArn,
    });
    table.grantReadWriteData(webhook);
    handlePayerEvent.grantStartExecution(webhook);
    payersSecret.grantRead(webhook);

    const authorizer = this.nodeFunction('AuthorizerFunction', ENTRY_FUNCTIONS.authorizer, {
      [HANDLER_ENV.API_TOKEN_SECRET_ARN]: apiTokenSecret.secretArn,
    });
    apiTokenSecret.grantRead(authorizer);

    const sweep = this.nodeFunction(
      'SweepFunction',
      ENTRY_FUNCTIONS.sweep,
      {
        [HANDLER_ENV.TABLE_NAME]: table.tableName,
        [HANDLER_ENV.SUBMIT_STATE_MACHINE_ARN]: submitPriorAuth.stateMachineArn,
        [HANDLER_ENV.EVENT_STATE_MACHINE_ARN]: handlePayerEvent.stateMachineArn,
      },
      { deadLetterQueue: this.sweepDeadLetterQueue, retryAttempts: 2 },
    );
    table.grantReadWriteData(sweep);
    submitPriorAuth.grantStartExecution(sweep);
    handlePayerEvent.grantStartExecution(sweep);

    // The web app: reads its own bundle only, no grant on the table, the bucket or a secret.
    const web = this.nodeFunction('WebFunction', ENTRY_FUNCTIONS.web, { PA_WEB_DIR: LAMBDA_WEB_DIR });

    this.functions = { api, webhook, authorizer, sweep, web };

    new events.Rule(this, 'DeadlineSweepSchedule', {
      description: 'Overdue payer decisions, appeals near their deadline, re-drive of stuck cases',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new eventTargets.LambdaFunction(sweep, { retryAttempts: 2 })],
    });

    const stage = this.httpRoutes(authorizer, props.apiThrottle ?? { rateLimit: 50, burstLimit: 100 });

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Durvalumab prior-auth alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.createAlarms(stage);

    new CfnOutput(this, 'ApiUrl', { value: publicUrl });
    new CfnOutput(this, 'ApiTokenSecretArn', { value: apiTokenSecret.secretArn });
    new CfnOutput(this, 'PayerRegistrySecretArn', { value: payersSecret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }

  /**
   * The table and the bucket, referenced through exports with fixed names (dataExportNames)
   * rather than generated ones: the names are readable in both
   * templates and in the cdk-nag acknowledgements of the wildcard grants on them.
   */
  private importData(stateful: StatefulResources): { table: dynamodb.ITable; documentsBucket: s3.IBucket } {
    const exporter = Stack.of(stateful.table);
    const names = dataExportNames(exporter);
    const table = dynamodb.Table.fromTableAttributes(this, 'CasesTable', {
      tableArn: exporter.exportValue(stateful.table.tableArn, { name: names.tableArn }),
      encryptionKey: this.key,
      grantIndexPermissions: true,
    });
    const documentsBucket = s3.Bucket.fromBucketAttributes(this, 'DocumentsBucket', {
      bucketArn: exporter.exportValue(stateful.documentsBucket.bucketArn, { name: names.documentsBucketArn }),
      encryptionKey: this.key,
    });
    return { table, documentsBucket };
  }

  /**
   * The stateful stack's secret, seen from here without its key: Secret.grantRead would also add
   * the grantee to the key's resource policy, in the other stack, which is a cyclic reference.
   * grantRead below grants the secret's actions and kms:Decrypt only through Secrets Manager.
   */
  private readableSecret(
    id: string,
    secret: secretsmanager.ISecret,
  ): { secretArn: string; grantRead(fn: lambda.IFunction): void } {
    const imported = secretsmanager.Secret.fromSecretCompleteArn(this, `${id}Secret`, secret.secretArn);
    const key = this.key;
    return {
      secretArn: secret.secretArn,
      grantRead: (fn) => {
        imported.grantRead(fn);
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['kms:Decrypt'],
            resources: [key.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
          }),
        );
      },
    };
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
    return new nodejs.NodejsFunction(this, id, {
      entry: path.join(REPOSITORY_ROOT, settings.entry),
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: path.join(REPOSITORY_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      reservedConcurrentExecutions: settings.reservedConcurrency,
      logGroup: this.logGroup(`${id}Logs`),
      environment: { ...environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        // The runtime provides the AWS SDK v3; everything else is bundled.
        externalModules: ['@aws-sdk/*'],
        tsconfig: path.join(REPOSITORY_ROOT, 'tsconfig.json'),
        ...(settings.rendersDocuments ? { commandHooks: copyTemplatesIntoBundle } : {}),
        ...(settings.servesWebApp ? { commandHooks: copyWebAppIntoBundle } : {}),
      },
      ...extra,
    });
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

  private httpRoutes(
    authorizerFunction: lambda.IFunction,
    throttle: { rateLimit: number; burstLimit: number },
  ): apigwv2.HttpStage {
    const bearerToken = new authorizers.HttpLambdaAuthorizer('BearerTokenAuthorizer', authorizerFunction, {
      responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(0),
    });
    const integrationOf = {
      api: new integrations.HttpLambdaIntegration('ApiIntegration', this.functions.api, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      webhook: new integrations.HttpLambdaIntegration('WebhookIntegration', this.functions.webhook, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      web: new integrations.HttpLambdaIntegration('WebIntegration', this.functions.web, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
    };
    for (const route of ROUTES) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationOf[route.fn],
        ...(route.auth ? { authorizer: bearerToken } : {}),
      });
    }

    // API Gateway access log variables of HTTP APIs: ids and outcomes, no bodies, no headers.
    const accessLogFormat = JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLength: '$context.responseLength',
      integrationLatency: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
      sourceIp: '$context.identity.sourceIp',
    });
    return new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.logGroup('ApiAccessLogs')),
        format: apigw.AccessLogFormat.custom(accessLogFormat),
      },
    });
  }

  private createAlarms(stage: apigwv2.HttpStage): void {
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
      const created = new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));
      this.alarms.push(created);
    };
    const fiveMinutes = { period: Duration.minutes(5) };
    for (const name of STATE_MACHINES) {
      alarm(
        `${name}ExecutionsFailedAlarm`,
        this.stateMachines[name].metricFailed(fiveMinutes),
        `${name} executions failed: the case history holds the error; the sweep re-drives the case`,
      );
    }
    const allFunctions: Record<string, lambda.IFunction> = { ...this.functions, ...this.taskFunctions };
    for (const [name, fn] of Object.entries(allFunctions)) {
      alarm(`${pascalCase(name)}ErrorsAlarm`, fn.metricErrors(fiveMinutes), `Lambda ${name} reported errors`);
    }
    alarm(
      'SweepDeadLetterQueueAlarm',
      this.sweepDeadLetterQueue.metricApproximateNumberOfMessagesVisible(fiveMinutes),
      'A deadline sweep failed after its retries: deadlines may be missed',
    );
    alarm('Api5xxAlarm', stage.metricServerError(fiveMinutes), 'The HTTP API answered 5xx');
  }
}

/** Export names of the table and bucket ARNs, owned by the stack that holds them. */
export function dataExportNames(statefulStack: Stack): { tableArn: string; documentsBucketArn: string } {
  return {
    tableArn: `${statefulStack.stackName}-CasesTableArn`,
    documentsBucketArn: `${statefulStack.stackName}-DocumentsBucketArn`,
  };
}

const copyTemplatesIntoBundle: nodejs.ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => [
    `cp -R "${inputDir}/templates" "${outputDir}/templates"`,
  ],
};

/** web/ and the two Swagger UI files that web/api.html loads from vendor/swagger-ui/. */
const copyWebAppIntoBundle: nodejs.ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => [
    `cp -R "${inputDir}/web" "${outputDir}/web"`,
    `mkdir -p "${outputDir}/web/vendor/swagger-ui"`,
    `cp "${inputDir}/node_modules/swagger-ui-dist/swagger-ui.css" "${inputDir}/node_modules/swagger-ui-dist/swagger-ui-bundle.js" "${outputDir}/web/vendor/swagger-ui/"`,
  ],
};
