import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import RECOMMENDED_FEATURE_FLAGS from 'aws-cdk-lib/recommended-feature-flags.json' with { type: 'json' };
import { beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_METRICS } from '#core/metrics.ts';
import { composeApp } from '#infra/app.ts';
import { LAMBDA_BUNDLING, LAMBDA_ESBUILD_OPTIONS } from '#infra/bundles.ts';
import { APP_FEATURE_FLAGS, FEATURE_FLAGS } from '#infra/stateful-stack.ts';

// One synth (bundling skipped) of the dev stage with an alarm e-mail address from the context.
const app = new App({
  context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [], alarmEmail: 'oncall@example.org' },
  builtinCloudFormationValidation: false,
});
const { stateless } = composeApp(app);
let template: Template;

beforeAll(() => {
  template = Template.fromStack(stateless);
}, 60_000);

describe('operability on AWS', { timeout: 60_000 }, () => {
  it('traces every function and every state machine with X-Ray', () => {
    // Act
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    // Assess
    expect(functions.length).toBeGreaterThan(5);
    for (const fn of functions) expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    for (const machine of machines)
      expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('subscribes the e-mail address of the context to the alarm topic', () => {
    // Assess
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
      TopicArn: { Ref: Match.stringLikeRegexp('AlarmTopic') },
    });
  });

  it('subscribes nobody when the context names no address', () => {
    // Prepare
    const bare = new App({ context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [] } });
    // Act
    const subscriptions = Template.fromStack(composeApp(bare).stateless).findResources(
      'AWS::SNS::Subscription',
    );
    // Assess
    expect(subscriptions).toEqual({});
  });

  it('has a dashboard with each business metric, the state machines, the API and the functions', () => {
    // Prepare
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    // Act
    const body = JSON.stringify(
      template.toJSON().Resources[Object.keys(template.findResources('AWS::CloudWatch::Dashboard'))[0] ?? '']
        ?.Properties.DashboardBody,
    );
    // Assess
    expect(dashboards).toHaveLength(1);
    for (const metric of Object.keys(BUSINESS_METRICS)) expect(body).toContain(metric);
    expect(body).toContain('SEARCH(');
    for (const name of ['ExecutionsFailed', '5xx', 'Errors', 'Duration', 'Throttles'])
      expect(body).toContain(name);
    template.hasOutput('DashboardName', {});
  });

  it('bundles the AWS SDK clients into every function: they import faster than the runtime SDK', () => {
    // Assess (docs/bench.md: cold imports 77-330 ms bundled, 300-830 ms with the SDK external)
    expect(LAMBDA_BUNDLING.externalModules).toEqual([]);
    expect(LAMBDA_ESBUILD_OPTIONS.external).toEqual([]);
  });

  it('sets the feature flags that cdk init of the pinned CDK writes, in cdk.json and on the App', () => {
    // Prepare
    const cdkJson = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    };
    // Assess
    expect(cdkJson.context).toEqual({ ...RECOMMENDED_FEATURE_FLAGS, ...APP_FEATURE_FLAGS });
    expect(FEATURE_FLAGS).toEqual(cdkJson.context);
  });
});
