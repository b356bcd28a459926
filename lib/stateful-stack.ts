import { Aws, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import RECOMMENDED_FEATURE_FLAGS from 'aws-cdk-lib/recommended-feature-flags.json' with { type: 'json' };
import type { Construct } from 'constructs';
import { AUDIT_TABLE_DESIGN } from './audit-table.ts';
import { CASES_STREAM_VIEW } from './event-stream.ts';
import { TABLE_DESIGN } from './table-design.ts';

/**
 * Feature flags: the ones `cdk init` of the pinned aws-cdk-lib writes into cdk.json (its
 * recommended-feature-flags.json), with the app's own choices on top. cdk.json carries the same
 * set (a test compares them); bin/app.ts and the infrastructure tests set them on the App.
 * serverAccessLogsUseBucketPolicy: S3 server access logs are delivered through a bucket policy,
 * not the LogDeliveryWrite ACL, so both buckets can keep ACLs disabled (BucketOwnerEnforced).
 */
export const APP_FEATURE_FLAGS = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // The stateless stack imports the table, bucket, key and secrets: strong references keep the
  // stateful stack from dropping an export that is still used.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
} as const;

export const FEATURE_FLAGS: Record<string, unknown> = { ...RECOMMENDED_FEATURE_FLAGS, ...APP_FEATURE_FLAGS };

export interface StatefulStackProps extends StackProps {
  /** Prefix of the KMS alias: `alias/<appName>/data`. */
  readonly appName?: string;
  /** What happens to the data when the stack is deleted (lib/stage.ts): retained unless a dev stage says so. */
  readonly removalPolicy?: RemovalPolicy;
  /** The table refuses deletion (prod); off in dev so a dev stage can be torn down. */
  readonly deletionProtection?: boolean;
}

/**
 * The long-lived data: the customer-managed key, the case table, the documents bucket and the
 * secrets. Everything here is retained when the stack is deleted (unless a dev stage asks to
 * remove it), so a redeploy of the stateless stack (or of this one) never loses a case or a document.
 */
export class StatefulStack extends Stack {
  readonly key: kms.Key;
  readonly table: dynamodb.Table;
  /** The audit trail: append-only (no role may update or delete, lib/stateless/access.ts), with its retention TTL. */
  readonly auditTable: dynamodb.Table;
  readonly documentsBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly backupPlan: backup.BackupPlan;
  readonly payersSecret: secretsmanager.Secret;
  readonly apiTokenSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    const appName = props.appName ?? 'durvalumab-pa';
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key = new kms.Key(this, 'DataKey', {
      description: 'Encrypts the prior-auth cases, documents, secrets, queues and logs (PHI at rest).',
      enableKeyRotation: true,
      alias: `alias/${appName}/data`,
      removalPolicy,
    });
    // CloudWatch Logs encrypts the log groups of the stateless stack with this key; the condition
    // keeps the grant to log groups of this account and region.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to the KMS-encrypted alarm topic.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    const stringAttribute = (name: string): dynamodb.Attribute => ({
      name,
      type: dynamodb.AttributeType.STRING,
    });
    // One table per design (keys, TTL, GSIs): the key, PITR, deletion protection.
    const designedTable = (
      id: string,
      design: typeof TABLE_DESIGN | typeof AUDIT_TABLE_DESIGN,
      stream?: dynamodb.StreamViewType,
    ) => {
      const table = new dynamodb.Table(this, id, {
        stream,
        partitionKey: stringAttribute(design.partitionKey),
        sortKey: stringAttribute(design.sortKey),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: design.timeToLiveAttribute,
        deletionProtection: props.deletionProtection ?? true,
        removalPolicy,
      });
      for (const index of design.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: stringAttribute(index.partitionKey),
          sortKey: stringAttribute(index.sortKey),
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      return table;
    };
    // Its stream (keys only) starts HandlePayerEvent for each stored payer event (lib/event-stream.ts).
    this.table = designedTable('CasesTable', TABLE_DESIGN, dynamodb.StreamViewType[CASES_STREAM_VIEW]);

    // The audit trail, a table of its own so IAM can make it append-only. Its events expire after
    // PA_AUDIT_RETENTION_DAYS (default 6 years, HIPAA's documentation retention) through TTL.
    this.auditTable = designedTable('AuditTable', AUDIT_TABLE_DESIGN);

    // PITR restores any second of the last 35 days; the backup plan keeps daily and monthly
    // recovery points for a year, in a vault encrypted with the same key. How long case records
    // must be kept is the operator's policy: change the plan here.
    const vault = new backup.BackupVault(this, 'BackupVault', {
      encryptionKey: this.key,
      removalPolicy,
    });
    this.backupPlan = backup.BackupPlan.dailyMonthly1YearRetention(this, 'CasesBackupPlan', vault);
    this.backupPlan.addSelection('CasesTable', {
      resources: [
        backup.BackupResource.fromDynamoDbTable(this.table),
        backup.BackupResource.fromDynamoDbTable(this.auditTable),
      ],
    });

    // Server access logs cannot be delivered to a bucket encrypted with SSE-KMS, so this one uses
    // SSE-S3; it holds request metadata only, never document bytes.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy,
    });

    this.documentsBucket = new s3.Bucket(this, 'DocumentsBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      // An upload (POST /v1/uploads) is copied into its case when a request names it; one never
      // named is PHI nobody refers to, gone after a day.
      lifecycleRules: [
        {
          id: 'ExpireUploads',
          prefix: 'uploads/',
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy,
    });

    // Object Created events reach EventBridge (an 835 under remittances/inbox/ is ingested), set on
    // the bucket itself: CDK's eventBridgeEnabled would add a notifications custom resource (a Lambda).
    (this.documentsBucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    // The registry (API.md: [{ id, name, planType, transport, webhookSecret, ... }]) is put in by
    // operators after the first deploy (`aws secretsmanager put-secret-value`); it starts empty.
    this.payersSecret = new secretsmanager.Secret(this, 'PayerRegistrySecret', {
      description: 'Payer registry JSON (API.md), with each payer webhook secret.',
      encryptionKey: this.key,
      secretStringValue: SecretValue.unsafePlainText('[]'),
      removalPolicy,
    });

    this.apiTokenSecret = new secretsmanager.Secret(this, 'ApiTokenSecret', {
      description: 'Bearer token that the /v1 routes (all but the payer webhooks) require.',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
  }
}
