import { App, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { applyNagChecks } from '#infra/nag-suppressions.ts';
import { FEATURE_FLAGS, StatefulStack } from '#infra/stateful-stack.ts';
import { StatelessStack } from '#infra/stateless-stack.ts';
import type { TaskName } from '#infra/workflow-contract.ts';
import { localTaskArn } from '#infra/workflows.ts';

/**
 * The app as bin/app.ts composes it, with asset bundling skipped (esbuild takes seconds per
 * function; `npx cdk synth` bundles for real).
 */
export function buildAppUnderTest(options: { nag: boolean | 'without-acknowledgements'; outdir?: string }) {
  // The built-in CloudFormation schema validation (warnings only) takes ~10x the synth itself; `cdk synth` keeps it.
  const app = new App({
    context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const stateful = new StatefulStack(app, 'PaStateful');
  const stateless = new StatelessStack(app, 'PaStateless', { stateful });
  if (options.nag === true) applyNagChecks(app, { stateful, stateless });
  if (options.nag === 'without-acknowledgements') {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  }
  return { app, stateful, stateless };
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalIdOf(
  stack: StatelessStack | StatefulStack,
  construct: { node: { defaultChild?: unknown } },
) {
  return stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
}

/**
 * The synthesized DefinitionString ({ Fn::Join: ['', [text, { Fn::GetAtt: [fn, 'Arn'] }, ...]] })
 * as ASL, with each task function's ARN replaced by its local placeholder (localTaskArn).
 */
export function definitionFromTemplate(
  definitionString: unknown,
  taskFunctionIds: Record<string, TaskName>,
): object {
  const parts: unknown[] =
    typeof definitionString === 'string'
      ? [definitionString]
      : ((definitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1] ?? []);
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (ref.Ref === 'AWS::Partition') return 'aws';
      const getAtt = ref['Fn::GetAtt'];
      const task = getAtt && getAtt[1] === 'Arn' ? taskFunctionIds[getAtt[0]] : undefined;
      if (!task) throw new Error(`unexpected token in DefinitionString: ${JSON.stringify(part)}`);
      return localTaskArn(task);
    })
    .join('');
  return JSON.parse(text) as object;
}

export type TaskFunctions = Record<TaskName, lambda.Function>;
