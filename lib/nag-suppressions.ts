/**
 * cdk-nag (AwsSolutions and HIPAA Security) and EVERY acknowledgement of its findings, each with
 * the reason it is acceptable. `npx cdk synth` fails on any finding not acknowledged here.
 * Acknowledgements sit on the narrowest construct they concern (a route, a role, a bucket).
 */
import { type App, type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { PAYER_KEY_SECRET_PREFIX } from '../lambdas/schemas/payer-registry.ts';
import { ROUTES } from './routes.ts';
import type { StatefulStack } from './stateful-stack.ts';
import {
  FUNCTION_ACCESS,
  type FunctionAccess,
  type FunctionName,
  objectActions,
  objectPatterns,
} from './stateless/access.ts';
import { dataExportNames, type StatelessStack } from './stateless-stack.ts';
import type { TaskName } from './workflow-contract.ts';
import { renderLocalDefinitions } from './workflows.ts';

export interface NaggedStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

type Pack = 'AwsSolutions' | 'HIPAA.Security';

/** cdk-nag v3 rule ids are namespaced by their pack: `AwsSolutions::AwsSolutions-IAM5[...]`. */
function acknowledge(scope: IConstruct, pack: Pack, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${pack}::${pack}-${rule}`, reason });
}

function logicalId(element: CfnElement): string {
  return element.stack.resolve(element.logicalId) as string;
}

/** Registers the two rule packs and acknowledges the findings below. */
export function applyNagChecks(app: App, stacks: NaggedStacks): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  acknowledgeStatefulFindings(stacks.stateful);
  acknowledgeStatelessFindings(stacks.stateless, stacks.stateful);
}

function acknowledgeStatefulFindings(stateful: StatefulStack): void {
  for (const secret of [stateful.payersSecret, stateful.apiTokenSecret]) {
    const reason =
      secret === stateful.payersSecret
        ? 'The payer webhook secrets are issued with each payer and rotated together with it (Standard ' +
          'Webhooks lets a payer sign with the old and the new secret during the change), so an ' +
          'automatic rotation would break the signatures; operators rotate with put-secret-value.'
        : 'The API token is shared with the practice systems that call the API, so its rotation is a ' +
          'coordinated change (put-secret-value, then the clients); the authorizer reads the current ' +
          'value. An automatic rotation Lambda is planned work.';
    acknowledge(secret, 'AwsSolutions', 'SMG4', reason);
    acknowledge(secret, 'HIPAA.Security', 'SecretsManagerRotationEnabled', reason);
  }

  acknowledge(
    stateful.accessLogsBucket,
    'HIPAA.Security',
    'S3DefaultEncryptionKMS',
    'S3 server access logs can only be delivered to a bucket with SSE-S3 (AES-256) default encryption, ' +
      'not SSE-KMS; the bucket holds request metadata, never document contents.',
  );
  for (const bucket of [stateful.documentsBucket, stateful.accessLogsBucket]) {
    acknowledge(
      bucket,
      'HIPAA.Security',
      'S3BucketReplicationEnabled',
      'The app is deployed to one region; the bucket is versioned and retained, and the case data it ' +
        'renders from is in the backed-up table. Cross-region replication needs a second region, ' +
        'bucket and key chosen per deployment for disaster recovery.',
    );
  }

  const backupRole = stateful.backupPlan.node.findAll().find((c) => c.node.id === 'Role');
  if (backupRole) {
    acknowledge(
      backupRole,
      'AwsSolutions',
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWS Backup requires its service-role policy to snapshot the table; the role is assumable by ' +
        'backup.amazonaws.com only.',
    );
  }
}

const LAMBDA_LOGS_POLICY =
  'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/**
 * The wildcard resources that a function's grants (stateless/access.ts) can hold, with why:
 * only the resource is a pattern, every action is named.
 */
function dataGrantFindings(stateful: StatefulStack, access: FunctionAccess): Record<string, string> {
  const names = dataExportNames(stateful);
  return {
    ...(access.payerKeys
      ? {
          [`IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${PAYER_KEY_SECRET_PREFIX}*]`]:
            "secretsmanager:GetSecretValue only, on the payers' client key secrets (SMART Backend " +
            'Services, docs/payers.md): one per payer, created by operators when a payer is connected, ' +
            'so their names are not known at deploy; the registry accepts no other secret ARN.',
        }
      : {}),
    ...(access.table?.includes('dynamodb:Query')
      ? {
          [`IAM5[Resource::${names.tableArn}/index/*]`]:
            'dynamodb:Query only, on the worklist GSIs (byStatus, byPayer, byDue) of this one table; ' +
            'index names are not worth a grant each.',
        }
      : {}),
    ...(access.audit?.includes('dynamodb:Query')
      ? {
          [`IAM5[Resource::${names.auditTableArn}/index/*]`]:
            'dynamodb:Query only, on the audit GSIs (byCase, byActor) of the audit table; no update or delete.',
        }
      : {}),
    ...Object.fromEntries(
      [...new Set(objectActions(access).flatMap((action) => objectPatterns(access, action)))].map(
        (pattern) => [
          `IAM5[Resource::${names.documentsBucketArn}/${pattern}]`,
          `Only ${objectActions(access)
            .filter((action) => objectPatterns(access, action).includes(pattern))
            .join(' and ')} (no delete, no listing of keys) on ${
            pattern === '*' ? 'the objects' : `the ${pattern.slice(0, -2)} folder`
          } of this one bucket, whose keys are per case and made by the product.`,
        ],
      ),
    ),
  };
}

function acknowledgeStatelessFindings(stateless: StatelessStack, stateful: StatefulStack): void {
  const functions: Record<string, lambda.Function> = { ...stateless.functions, ...stateless.taskFunctions };

  for (const [name, fn] of Object.entries(functions)) {
    acknowledge(
      fn,
      'AwsSolutions',
      LAMBDA_LOGS_POLICY,
      'The Lambda basic execution policy grants only CloudWatch Logs writes; the function logs to its ' +
        'own KMS-encrypted log group with a retention period.',
    );
    acknowledge(
      fn,
      'HIPAA.Security',
      'LambdaInsideVPC',
      'The functions reach only AWS service APIs (DynamoDB, S3, Step Functions, Secrets Manager) over ' +
        'TLS with IAM authorization, and payer endpoints over HTTPS; there is no private network ' +
        'resource to reach, so a VPC would add NAT cost and cold-start latency without a control.',
    );
    // The asynchronous functions (the sweep, the remittance drop folder's) have a dead-letter queue.
    if (fn !== stateless.functions.sweep && fn !== stateless.functions.remittanceInbox) {
      acknowledge(
        fn,
        'HIPAA.Security',
        'LambdaDLQ',
        'Invoked synchronously (API Gateway, Step Functions), so a failure returns to the caller: the ' +
          'API answers 5xx and the state machine retries, catches and records it in the case. A DLQ ' +
          'only receives asynchronous invocations; the one asynchronous function (sweep) has one.',
      );
    }
    if (!fn.role) continue;
    acknowledge(
      fn.role,
      'HIPAA.Security',
      'IAMNoInlinePolicy',
      'The policy is written for this role alone from the actions the function calls ' +
        '(stateless/access.ts, checked against each local call); no policy is shared between roles, so ' +
        'a managed policy would only add indirection.',
    );
    acknowledge(
      fn.role,
      'AwsSolutions',
      'IAM5[Resource::*]',
      'Active tracing: X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level ' +
        'permissions; AWS documents Resource * for them.' +
        (FUNCTION_ACCESS[name as FunctionName].stream
          ? ' The stream function also has dynamodb:ListStreams, which lists stream names only, has no ' +
            'resource-level permission, and is one of the four actions Lambda requires of an event ' +
            'source mapping on a DynamoDB stream; its reads are on the one stream ARN.'
          : ' No other statement of the role has Resource *.'),
    );
    const findings = dataGrantFindings(stateful, FUNCTION_ACCESS[name as FunctionName]);
    for (const [finding, reason] of Object.entries(findings)) {
      acknowledge(fn.role, 'AwsSolutions', finding, reason);
    }
  }

  const { definitions, taskStateToTask } = renderLocalDefinitions();
  for (const [name, machine] of Object.entries(stateless.stateMachines)) {
    acknowledge(
      machine.role,
      'HIPAA.Security',
      'IAMNoInlinePolicy',
      'The state-machine role policy is generated by CDK from the definition (invoke its own task ' +
        'functions, deliver its logs, write X-Ray traces) and is used by this state machine only.',
    );
    acknowledge(
      machine.role,
      'AwsSolutions',
      'IAM5[Resource::*]',
      'CloudWatch Logs vended-log delivery (logs:CreateLogDelivery, ...) and X-Ray (PutTraceSegments, ' +
        'PutTelemetryRecords) have no resource-level permissions; AWS documents Resource * for them.',
    );
    const states = (
      definitions[name as keyof typeof definitions] as { States: Record<string, { Type: string }> }
    ).States;
    const tasks = new Set<TaskName>(
      Object.entries(states)
        .filter(([, state]) => state.Type === 'Task')
        .map(([stateName]) => taskStateToTask[stateName] as TaskName),
    );
    for (const task of tasks) {
      const fn = stateless.taskFunctions[task];
      acknowledge(
        machine.role,
        'AwsSolutions',
        `IAM5[Resource::<${logicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        `Written by LambdaInvoke: invoke ${task} and its versions or aliases (the :* qualifier); ` +
          'no other function.',
      );
    }
  }

  const unauthenticated: Record<string, string> = {
    'POST /v1/webhooks/payers/{payerId}':
      'Payers cannot hold our bearer token: the webhook authenticates each request in the handler ' +
      "with the Standard Webhooks HMAC signature (the payer's secret) and a 5-minute timestamp window, " +
      'and rejects anything else with 401 before storing it.',
    'GET /healthz': 'A liveness probe for load balancers and monitors; it returns no data.',
    'GET /openapi.json': 'The published API contract (OpenAPI document); it contains no data.',
    'GET /app': 'Redirects to /app/, the worklist web app; it returns no data.',
    'GET /app/{proxy+}':
      "The worklist web app's static files (HTML, scripts, styles); they contain no data. The app " +
      'calls the API with the bearer token, where the authorizer guards every data route.',
  };
  // The local issuer's routes are not deployed: Cognito serves them (lib/stateless/identity.ts).
  for (const route of ROUTES.filter((r) => !r.auth && !r.localIssuer)) {
    const key = `${route.method} ${route.path}`;
    const reason = unauthenticated[key];
    if (!reason) throw new Error(`route ${key} has no authorizer and no acknowledged reason`);
    const construct = stateless.httpApi.node.tryFindChild(
      `${route.method}${route.path.replaceAll('/', '--')}`,
    );
    if (!construct) throw new Error(`route ${key} not found in the HTTP API`);
    acknowledge(construct, 'AwsSolutions', 'APIG4', reason);
  }
}

/** Every acknowledged rule id in a stack, for the infrastructure tests. */
export function acknowledgedRuleIds(stack: Stack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>));
}
