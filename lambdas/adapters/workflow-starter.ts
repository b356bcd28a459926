/**
 * The WorkflowStarter port on Step Functions. The execution name makes a start idempotent (the
 * same name is refused as ExecutionAlreadyExists, which we take as "already started").
 */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Log, WorkflowStarter } from '#core/ports.ts';
import { requiredEnv, sfnClient } from './aws-clients.ts';
import { log as defaultLog } from './logger.ts';

export type WorkflowInput = { caseId: string } | { caseId: string; eventId: string };

/** Step Functions names: 1-80 characters of letters, digits, - and _. */
export function executionName(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 80);
}

/** The state machines; getters so that the environment is read when used. */
export interface StateMachines {
  readonly client: SFNClient;
  readonly submitPriorAuthArn: string;
  readonly handlePayerEventArn: string;
}

const envMachines: StateMachines = {
  get client() {
    return sfnClient();
  },
  get submitPriorAuthArn() {
    return requiredEnv('SUBMIT_STATE_MACHINE_ARN');
  },
  get handlePayerEventArn() {
    return requiredEnv('EVENT_STATE_MACHINE_ARN');
  },
};

export function stepFunctionsStarter(
  machines: StateMachines = envMachines,
  log: Log = defaultLog,
): WorkflowStarter {
  async function start(arn: () => string, name: string, input: WorkflowInput): Promise<{ started: boolean }> {
    try {
      const out = await machines.client.send(
        new StartExecutionCommand({
          stateMachineArn: arn(),
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
    startSubmitPriorAuth: (caseId, name = caseId) =>
      start(() => machines.submitPriorAuthArn, name, { caseId }),
    startHandlePayerEvent: (caseId, eventId, name = eventId) =>
      start(() => machines.handlePayerEventArn, name, { caseId, eventId }),
  };
}

const shared = stepFunctionsStarter();
export const startSubmitPriorAuth: WorkflowStarter['startSubmitPriorAuth'] = (caseId, name) =>
  shared.startSubmitPriorAuth(caseId, name);
export const startHandlePayerEvent: WorkflowStarter['startHandlePayerEvent'] = (caseId, eventId, name) =>
  shared.startHandlePayerEvent(caseId, eventId, name);
