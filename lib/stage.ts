/**
 * Deployment stages (`cdk deploy -c stage=dev|prod`): what differs between them is how long data
 * lives when a stack is deleted and the tags every resource carries. The context keys are read
 * once, here, by bin/app.ts.
 */
import { RemovalPolicy } from 'aws-cdk-lib';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageSettings {
  readonly stage: Stage;
  /** prod keeps the key, table, buckets and secrets when their stack is deleted; dev removes them. */
  readonly removalPolicy: RemovalPolicy;
  /** The table refuses deletion in prod. */
  readonly deletionProtection: boolean;
  /** Tags on every resource of the app. */
  readonly tags: Record<string, string>;
  /** Stack names carry the stage so dev and prod can live in one account. */
  readonly stackNames: { stateful: string; stateless: string };
  /** E-mail address subscribed to the alarm topic (context `alarmEmail`), if any. */
  readonly alarmEmail?: string;
}

/** The settings of a stage, from the CDK context values `stage` and `alarmEmail`. */
export function stageSettings(context: { stage?: unknown; alarmEmail?: unknown }): StageSettings {
  const stage = context.stage ?? 'dev';
  if (!STAGES.includes(stage as Stage)) {
    throw new Error(`unknown stage ${JSON.stringify(stage)}: use -c stage=${STAGES.join('|')}`);
  }
  const alarmEmail = context.alarmEmail;
  if (alarmEmail !== undefined && (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(alarmEmail))) {
    throw new Error('alarmEmail must be one e-mail address (-c alarmEmail=ops@example.org)');
  }
  const prod = stage === 'prod';
  const suffix = prod ? '' : `-${stage}`;
  return {
    stage: stage as Stage,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    tags: { application: 'durvalumab-pa', stage: stage as Stage },
    stackNames: { stateful: `DurvalumabPaStateful${suffix}`, stateless: `DurvalumabPaStateless${suffix}` },
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}
