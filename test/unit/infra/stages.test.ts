import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { composeApp } from '#infra/app.ts';
import { stageSettings } from '#infra/stage.ts';
import { FEATURE_FLAGS } from '#infra/stateful-stack.ts';

/** The app of bin/app.ts for a stage's context, with asset bundling skipped. */
function appFor(context: Record<string, string>) {
  const app = new App({
    context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
  return { app, ...composeApp(app) };
}

/** DeletionPolicy of every resource of these types in the template. */
function deletionPolicies(template: Template, types: string[]): string[] {
  return types.flatMap((type) =>
    Object.values(template.findResources(type)).map(
      (r) => (r as { DeletionPolicy?: string }).DeletionPolicy ?? 'none',
    ),
  );
}

const DATA_TYPES = [
  'AWS::KMS::Key',
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
];

describe('stages (-c stage=dev|prod)', { timeout: 60_000 }, () => {
  it('retains the data and protects the table in prod', () => {
    // Prepare
    const { stateful } = appFor({ stage: 'prod' });
    // Act
    const template = Template.fromStack(stateful);
    // Assess
    expect(stateful.stackName).toBe('DurvalumabPaStateful');
    expect(new Set(deletionPolicies(template, DATA_TYPES))).toEqual(new Set(['Retain']));
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });

  it('removes the data of a dev stage, which is also the default', () => {
    // Prepare
    const { stateful, stateless } = appFor({});
    // Act
    const template = Template.fromStack(stateful);
    // Assess
    expect([stateful.stackName, stateless.stackName]).toEqual([
      'DurvalumabPaStateful-dev',
      'DurvalumabPaStateless-dev',
    ]);
    expect(new Set(deletionPolicies(template, DATA_TYPES))).toEqual(new Set(['Delete']));
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  });

  it.each(['dev', 'prod'])(
    'tags every resource of the %s stage with the application and the stage',
    (stage) => {
      // Prepare
      const { stateful, stateless } = appFor({ stage });
      // Act
      const tagged = [stateful, stateless].flatMap((stack) => [
        Template.fromStack(stack).findResources('AWS::DynamoDB::Table'),
        Template.fromStack(stack).findResources('AWS::Lambda::Function'),
      ]);
      const resources = tagged.flatMap((found) => Object.values(found)) as {
        Properties: { Tags?: unknown[] };
      }[];
      // Assess
      expect(resources.length).toBeGreaterThan(1);
      for (const resource of resources) {
        expect(resource.Properties.Tags).toEqual(
          expect.arrayContaining([
            { Key: 'application', Value: 'durvalumab-pa' },
            { Key: 'stage', Value: stage },
          ]),
        );
      }
    },
  );

  it.each([
    [{ stage: 'staging' }, /unknown stage "staging"/],
    [{ alarmEmail: 'not an address' }, /alarmEmail must be one e-mail address/],
  ])('refuses the context %j', (context, message) => {
    // Act / Assess
    expect(() => stageSettings(context)).toThrow(message);
  });
});
