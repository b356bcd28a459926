/**
 * DeliverSimulatedAnswer: the payer simulator's callbacks, scheduled durably. One execution per
 * planned answer, named after its webhook-id (so it is started once): a Wait until the answer is
 * due, then a Task that re-plans the answer from the case and posts it signed to the public URL.
 * The input carries ids and times only. On AWS the Wait survives anything; locally an execution
 * lost to a restart is started again from the case (the sweep), under the same name.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaStep } from './workflows.ts';

/** The fields of a SimulatedDelivery (lambdas/core/ports.ts), passed on to the Task as they are. */
const DELIVERY_FIELDS = ['caseId', 'payerId', 'submittedAt', 'step', 'webhookId', 'deliverAt'] as const;

export function buildDeliverSimulatedAnswer(scope: Construct, fn: lambda.IFunction): sfn.IChainable {
  const definition = new Construct(scope, 'DeliverSimulatedAnswerDefinition');
  const due = new sfn.Wait(definition, 'UntilDue', { time: sfn.WaitTime.timestampPath('$.deliverAt') });
  const deliver = lambdaStep(
    definition,
    'DeliverSimulatedAnswer',
    fn,
    Object.fromEntries(DELIVERY_FIELDS.map((field) => [`${field}.$`, `$.${field}`])),
  );
  // A lost demo answer leaves the case awaiting its decision, which the decision-deadline sweep
  // flags; the failed execution raises the executions-failed alarm.
  deliver.addCatch(
    new sfn.Fail(definition, 'DeliveryFailed', {
      error: 'DeliveryFailed',
      cause: 'The simulated payer answer could not be delivered',
    }),
    { errors: [sfn.Errors.ALL], resultPath: '$.error' },
  );
  deliver.next(new sfn.Succeed(definition, 'Delivered'));
  return due.next(deliver);
}
