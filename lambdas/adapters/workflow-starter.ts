/**
 * The WorkflowStarter port on Step Functions. The execution name makes a start idempotent (the
 * same name is refused as ExecutionAlreadyExists, which we take as "already started").
 */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Log, SimulatedDelivery, WorkflowStarter } from '#core/ports.ts';
import { requiredEnv, sfnClient } from './aws-clients.ts';
import { log as defaultLog } from './logger.ts';

export type WorkflowInput = { caseId: string } | { caseId: string; eventId: string } | SimulatedDelivery;

/** Step Functions names: 1-80 characters of letters, digits, - and _. */
export function executionName(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 80);
}

export type WorkflowName = 'SubmitPriorAuth' | 'HandlePayerEvent' | 'DeliverSimulatedAnswer';

/** The state machines, by workflow. */
export interface StateMachines {
  readonly client: SFNClient;
  arn(workflow: WorkflowName): string;
}

const ARN_VARIABLE: Record<WorkflowName, string> = {
  SubmitPriorAuth: 'SUBMIT_STATE_MACHINE_ARN',
  HandlePayerEvent: 'EVENT_STATE_MACHINE_ARN',
  DeliverSimulatedAnswer: 'SIMULATOR_STATE_MACHINE_ARN',
};

const envMachines: StateMachines = {
  get client() {
    return sfnClient();
  },
  arn: (workflow) => requiredEnv(ARN_VARIABLE[workflow]),
};

export function stepFunctionsStarter(
  machines: StateMachines = envMachines,
  log: Log = defaultLog,
): WorkflowStarter {
  async function start(
    workflow: WorkflowName,
    name: string,
    input: WorkflowInput,
  ): Promise<{ started: boolean }> {
    try {
      const out = await machines.client.send(
        new StartExecutionCommand({
          stateMachineArn: machines.arn(workflow),
          name: executionName(name),
          input: JSON.stringify(input),
        }),
      );
      log.info('execution started', { caseId: input.caseId, executionArn: out.executionArn });
      return { started: true };
    } catch (error) {
      if (
        error instanceof ExecutionAlreadyExists ||
        (error as { name?: string }).name === 'ExecutionAlreadyExists'
      ) {
        return { started: false };
      }
      throw error;
    }
  }
  return {
    startSubmitPriorAuth: (caseId, name = caseId) => start('SubmitPriorAuth', name, { caseId }),
    startHandlePayerEvent: (caseId, eventId, name = eventId) =>
      start('HandlePayerEvent', name, { caseId, eventId }),
    startSimulatedDelivery: (delivery, name = delivery.webhookId) =>
      start('DeliverSimulatedAnswer', name, delivery),
  };
}
