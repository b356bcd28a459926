/**
 * Least privilege, checked locally (issue 15, point 3): each function's AWS calls are evaluated
 * with @cloud-copilot/iam-simulate against that function's identity policy in the synthesized
 * stateless template, with the local resources' ARNs put in, so a call its grants do not allow
 * fails as AccessDenied here, as it would on AWS.
 *
 * How: the product's SDK clients (lambdas/adapters/aws-clients.ts) call the hook that this module
 * installs on globalThis (a bundle has its own copy of aws-clients.ts, so no module state is
 * shared); the local stack runs each handler inside runAsFunction(name), which the hook reads.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { LOCAL_AUDIT_TABLE_NAME } from '../audit-table.ts';
import type { FunctionName } from '../stateless/access.ts';
import type { StateMachineName } from '../workflow-contract.ts';
import { LOCAL_ACCOUNT_ID } from './lambda-context.ts';

export interface PolicyDocument {
  Version: string;
  Statement: unknown[];
}

/** One IAM request a call makes: an action on a resource, with the context keys AWS would set. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
}

/** The ARNs the local stack's resources have (the policies are rendered with them). */
export interface LocalArns {
  readonly region: string;
  readonly tableName: string;
  readonly bucketName: string;
  readonly stateMachineArns: Record<StateMachineName, string>;
}

export const tableArn = (arns: LocalArns, table = arns.tableName) =>
  `arn:aws:dynamodb:${arns.region}:${LOCAL_ACCOUNT_ID}:table/${table}`;
export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const localKeyArn = (arns: LocalArns) =>
  `arn:aws:kms:${arns.region}:${LOCAL_ACCOUNT_ID}:key/00000000-0000-0000-0000-000000000000`;
export const localSecretArn = (arns: LocalArns, name: string) =>
  `arn:aws:secretsmanager:${arns.region}:${LOCAL_ACCOUNT_ID}:secret:${name}-AbCdEf`;
/** The Cognito user pool a grant names (none runs locally: the local issuer signs people in). */
export const localUserPoolArn = (arns: LocalArns, poolId = `${arns.region}_local`) =>
  `arn:aws:cognito-idp:${arns.region}:${LOCAL_ACCOUNT_ID}:userpool/${poolId}`;

type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

/**
 * Replaces the template's intrinsics with local values: `named(ref)` gives the value of an
 * import, a Ref or a GetAtt (the pseudo parameters are the local account and region).
 */
export function resolveIntrinsics(value: CfnValue, named: (ref: string) => string, region: string): CfnValue {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, named, region));
  if (value === null || typeof value !== 'object') return value;
  const [key] = Object.keys(value);
  const argument = key === undefined ? undefined : value[key];
  if (key === 'Ref' && typeof argument === 'string') {
    const pseudo: Record<string, string> = {
      'AWS::Region': region,
      'AWS::AccountId': LOCAL_ACCOUNT_ID,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    return pseudo[argument] ?? named(argument);
  }
  if (key === 'Fn::ImportValue' && typeof argument === 'string') return named(argument);
  if (key === 'Fn::GetAtt' && Array.isArray(argument)) return named(String(argument[0]));
  if (key === 'Fn::Join' && Array.isArray(argument)) {
    const [separator, parts] = argument as [string, CfnValue[]];
    return parts.map((part) => resolveIntrinsics(part, named, region)).join(separator);
  }
  return Object.fromEntries(
    Object.entries(value).map(([name, item]) => [name, resolveIntrinsics(item, named, region)]),
  );
}

/** The synthesized stateless stack's parts that the policies are read from. */
export interface SynthesizedPolicies {
  /** CloudFormation resources of the stateless template. */
  readonly resources: Record<string, { Type: string; Properties: Record<string, CfnValue> }>;
  /** Function name -> the logical id of its role. */
  readonly roles: Record<FunctionName, string>;
  /** State machine name -> its logical id. */
  readonly stateMachines: Record<StateMachineName, string>;
}

/** Each function's identity policy (all statements of the policies on its role), local ARNs in. */
export function functionPolicies(
  synth: SynthesizedPolicies,
  arns: LocalArns,
): Record<FunctionName, PolicyDocument> {
  const machineByLogicalId = new Map(
    Object.entries(synth.stateMachines).map(([name, id]) => [
      id,
      arns.stateMachineArns[name as StateMachineName],
    ]),
  );
  const named = (ref: string): string => {
    if (machineByLogicalId.has(ref)) return machineByLogicalId.get(ref)!;
    if (ref.endsWith('-CasesTableArn')) return tableArn(arns);
    // Whatever label DynamoDB Local gives the table's stream.
    if (ref.endsWith('-CasesTableStreamArn')) return `${tableArn(arns)}/stream/*`;
    if (ref.endsWith('-AuditTableArn')) return tableArn(arns, LOCAL_AUDIT_TABLE_NAME);
    if (ref.endsWith('-DocumentsBucketArn')) return bucketArn(arns.bucketName);
    if (/DataKey/.test(ref)) return localKeyArn(arns);
    if (/PayerRegistrySecret/.test(ref)) return localSecretArn(arns, 'payer-registry');
    if (/ApiTokenSecret/.test(ref)) return localSecretArn(arns, 'api-token');
    if (/^IdentityUserPool[0-9A-F]{8}$/.test(ref)) return localUserPoolArn(arns);
    return `arn:aws:cloudformation:${arns.region}:${LOCAL_ACCOUNT_ID}:unresolved/${ref}`;
  };
  const policies = Object.values(synth.resources).filter((resource) => resource.Type === 'AWS::IAM::Policy');
  return Object.fromEntries(
    Object.entries(synth.roles).map(([fn, role]) => {
      const statements = policies
        .filter((policy) => (policy.Properties.Roles as Array<{ Ref?: string }>).some((r) => r.Ref === role))
        .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: CfnValue[] }).Statement);
      const resolved = resolveIntrinsics(statements, named, arns.region) as unknown[];
      return [fn, { Version: '2012-10-17', Statement: resolved }];
    }),
  ) as Record<FunctionName, PolicyDocument>;
}

/**
 * The data key's policy as CDK writes it: the account's IAM policies decide (a KMS key needs its
 * own policy to say so before any identity policy counts).
 */
const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

/** Whether `policy` allows `request` for function `fn` (its role's session as the principal). */
export async function isAllowed(fn: string, policy: PolicyDocument, request: IamRequest): Promise<boolean> {
  const result = await runSimulation(
    {
      identityPolicies: [{ name: fn, policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.action.startsWith('kms:') ? { resourcePolicy: KEY_POLICY } : {}),
      request: {
        principal: `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${fn}-role/${fn}`,
        action: request.action,
        resource: { resource: request.resource, accountId: LOCAL_ACCOUNT_ID },
        contextVariables: request.context ?? {},
      },
    },
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(`IAM simulation of ${request.action} failed: ${result.errors.message}`);
  }
  return result.overallResult === 'Allowed';
}

const currentFunction = new AsyncLocalStorage<string>();

/** Runs `work` as function `name`: the AWS calls it makes are checked against that function's policy. */
export function runAsFunction<T>(name: string, work: () => T): T {
  return currentFunction.run(name, work);
}

type Input = Record<string, unknown>;

const DYNAMODB_ACTIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Delete: 'DeleteItem',
  Update: 'UpdateItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/** What IAM authorizes for one DynamoDB call: a transaction per item, an index query on the index. */
function dynamoDbRequests(operation: string, input: Input, arns: LocalArns): IamRequest[] {
  const action = DYNAMODB_ACTIONS[operation] ?? operation;
  const table = (name: unknown) => tableArn(arns, String(name));
  if (action === 'TransactWriteItems' || action === 'TransactGetItems') {
    return ((input.TransactItems as Input[] | undefined) ?? []).flatMap((item) =>
      Object.entries(item).map(([kind, detail]) => ({
        action: `dynamodb:${kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`}`,
        resource: table((detail as Input).TableName),
      })),
    );
  }
  const resource =
    typeof input.IndexName === 'string'
      ? `${table(input.TableName)}/index/${input.IndexName}`
      : table(input.TableName);
  return [{ action: `dynamodb:${action}`, resource }];
}

function s3Requests(operation: string, input: Input): IamRequest[] {
  const bucket = bucketArn(String(input.Bucket));
  const object = `${bucket}/${String(input.Key)}`;
  switch (operation) {
    case 'GetObject':
    case 'HeadObject':
      return [{ action: 's3:GetObject', resource: object }];
    case 'PutObject':
    case 'DeleteObject':
      return [{ action: `s3:${operation}`, resource: object }];
    case 'ListObjects':
    case 'ListObjectsV2':
      return [{ action: 's3:ListBucket', resource: bucket }];
    default:
      return [{ action: `s3:${operation}`, resource: input.Key === undefined ? bucket : object }];
  }
}

/** The key use that a call implies (the data key through the service that holds the data). */
function keyRequests(
  service: 'dynamodb' | 's3' | 'secretsmanager',
  actions: string[],
  arns: LocalArns,
): IamRequest[] {
  const context = { 'kms:ViaService': `${service}.${arns.region}.amazonaws.com` };
  return actions.map((action) => ({ action, resource: localKeyArn(arns), context }));
}

/** The IAM requests one SDK call makes: `client` and `command` as the SDK names them. */
export function iamRequests(client: string, command: string, input: Input, arns: LocalArns): IamRequest[] {
  const operation = command.replace(/Command$/, '');
  switch (client) {
    case 'DynamoDBClient':
    case 'DynamoDBDocumentClient': {
      const requests = dynamoDbRequests(operation, input, arns);
      const writes = requests.some((r) => /Put|Update|BatchWrite/.test(r.action));
      return [
        ...requests,
        ...keyRequests('dynamodb', writes ? ['kms:Decrypt', 'kms:Encrypt'] : ['kms:Decrypt'], arns),
      ];
    }
    case 'S3Client': {
      const requests = s3Requests(operation, input);
      const key =
        operation === 'PutObject'
          ? ['kms:GenerateDataKey']
          : operation === 'GetObject'
            ? ['kms:Decrypt']
            : [];
      return [...requests, ...keyRequests('s3', key, arns)];
    }
    // The event source mapping's reads of the cases table's stream (lib/event-stream.ts).
    case 'DynamoDBStreamsClient':
      return [
        {
          action: `dynamodb:${operation}`,
          resource: operation === 'ListStreams' ? '*' : String(input.StreamArn ?? '*'),
        },
        ...(operation === 'GetRecords' ? keyRequests('dynamodb', ['kms:Decrypt'], arns) : []),
      ];
    case 'SFNClient':
      return [
        {
          action: `states:${operation}`,
          resource: String(input.stateMachineArn ?? input.executionArn ?? '*'),
        },
      ];
    // The daily digest's mail (lambdas/adapters/mail/ses.ts): on the sender's identity.
    case 'SESv2Client':
      return [
        {
          action: `ses:${operation}`,
          resource: `arn:aws:ses:${arns.region}:${LOCAL_ACCOUNT_ID}:identity/${String(input.FromEmailAddress)}`,
        },
      ];
    // People made in the user pool on AWS (lambdas/adapters/cognito-people.ts).
    case 'CognitoIdentityProviderClient':
      return [
        { action: `cognito-idp:${operation}`, resource: localUserPoolArn(arns, String(input.UserPoolId)) },
      ];
    case 'SecretsManagerClient':
      return [
        { action: `secretsmanager:${operation}`, resource: String(input.SecretId) },
        ...keyRequests('secretsmanager', ['kms:Decrypt'], arns),
      ];
    default:
      return [];
  }
}

/** A call the function's grants do not allow, as AWS answers it (403, AccessDenied). */
export class AccessDeniedError extends Error {
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 403 };
  constructor(fn: string, request: IamRequest, client: string) {
    super(
      `User: arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${fn}-role/${fn} is not authorized to perform: ` +
        `${request.action} on resource: ${request.resource} because no identity-based policy allows the ` +
        `${request.action} action (local IAM check against the synthesized template)`,
    );
    this.name = client === 'S3Client' ? 'AccessDenied' : 'AccessDeniedException';
  }
}

/** The hook the SDK clients call (lambdas/adapters/aws-clients.ts reads it by this symbol). */
export const IAM_CHECK_HOOK = Symbol.for('durvalumab-pa.local.iamCheck');
export type IamCheckHook = (client: string, command: string, input: unknown) => Promise<void>;

/** The check itself: denied calls throw AccessDeniedError; calls made outside any function pass. */
export function iamCheck(policies: Partial<Record<string, PolicyDocument>>, arns: LocalArns): IamCheckHook {
  const decisions = new Map<string, Promise<boolean>>();
  return async (client, command, input) => {
    const fn = currentFunction.getStore();
    const policy = fn === undefined ? undefined : policies[fn];
    if (fn === undefined || policy === undefined) return;
    for (const request of iamRequests(client, command, (input ?? {}) as Input, arns)) {
      const key = JSON.stringify([fn, request]);
      let decision = decisions.get(key);
      if (!decision) {
        // Object keys are per document: keep the memo bounded in a long-running stack.
        if (decisions.size > 10_000) decisions.clear();
        decision = isAllowed(fn, policy, request);
        decisions.set(key, decision);
      }
      if (!(await decision)) throw new AccessDeniedError(fn, request, client);
    }
  };
}

/** Installs the check for this process's SDK clients (they call it when PA_IAM_CHECK=1). */
export function installIamCheck(hook: IamCheckHook | undefined): void {
  (globalThis as Record<symbol, unknown>)[IAM_CHECK_HOOK] = hook;
}

/**
 * The stateless template of the CDK app (asset bundling skipped: only the policies are read) and
 * the logical ids of each function's role and of each state machine.
 */
export async function synthesizePolicies(): Promise<SynthesizedPolicies> {
  const { App } = await import('aws-cdk-lib');
  const { FEATURE_FLAGS, StatefulStack } = await import('../stateful-stack.ts');
  const { StatelessStack } = await import('../stateless-stack.ts');
  const app = new App({
    context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
    autoSynth: false,
  });
  const stateful = new StatefulStack(app, 'PaStateful');
  const stateless = new StatelessStack(app, 'PaStateless', { stateful });
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stateless.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
  const functions = { ...stateless.functions, ...stateless.taskFunctions };
  const template = app.synth().getStackByName(stateless.stackName).template as {
    Resources: SynthesizedPolicies['resources'];
  };
  return {
    resources: template.Resources,
    roles: Object.fromEntries(
      Object.entries(functions).map(([name, fn]) => [name, logicalId(fn.role as never)]),
    ) as Record<FunctionName, string>,
    stateMachines: Object.fromEntries(
      Object.entries(stateless.stateMachines).map(([name, machine]) => [name, logicalId(machine)]),
    ) as Record<StateMachineName, string>,
  };
}

/**
 * Turns the check on for this process: each function's policy from the synthesized template,
 * rendered with the local stack's ARNs. Returns the environment the handlers need (PA_IAM_CHECK).
 */
export function startIamCheck(synth: SynthesizedPolicies, arns: LocalArns): Record<string, string> {
  installIamCheck(iamCheck(functionPolicies(synth, arns), arns));
  return { PA_IAM_CHECK: '1' };
}
