/** The app's two stacks for one stage, tagged and checked by cdk-nag (bin/app.ts synthesizes it). */
import { type App, Tags } from 'aws-cdk-lib';
import { applyNagChecks } from './nag-suppressions.ts';
import { type StageSettings, stageSettings } from './stage.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/** The stage's settings from the app's context (`-c stage=dev|prod -c alarmEmail=...`). */
export function stageOf(app: App): StageSettings {
  return stageSettings({
    stage: app.node.tryGetContext('stage'),
    alarmEmail: app.node.tryGetContext('alarmEmail'),
  });
}

export function composeApp(app: App, settings: StageSettings = stageOf(app)) {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, settings.stackNames.stateful, {
    env,
    removalPolicy: settings.removalPolicy,
    deletionProtection: settings.deletionProtection,
  });
  const stateless = new StatelessStack(app, settings.stackNames.stateless, {
    env,
    stateful,
    ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
  });
  for (const [key, value] of Object.entries(settings.tags)) Tags.of(app).add(key, value);
  applyNagChecks(app, { stateful, stateless });
  return { stateful, stateless, settings };
}
