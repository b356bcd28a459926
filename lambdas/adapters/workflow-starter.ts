/**
 * Starting the state machines. The execution name makes a start idempotent (the same name is
 * refused as ExecutionAlreadyExists, which we take as "already started").
 */
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { requiredEnv, sfnClient } from './aws-clients.ts';
import { logger } from './logger.ts';

export type WorkflowInput = { caseId: string } | { caseId: string; eventId: string };

/** Step Functions names: 1-80 characters of letters, digits, - and _. */
export function executionName(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 80);
}

async function start(arnEnv: string, name: string, input: WorkflowInput): Promise<{ started: boolean }> {
  try {
    const out = await sfnClient().send(
      new StartExecutionCommand({
        stateMachineArn: requiredEnv(arnEnv),
        name: executionName(name),
        input: JSON.stringify(input),
      }),
    );
    logger.info('execution started', { caseId: input.caseId, executionArn: out.executionArn });
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

export function startSubmitPriorAuth(caseId: string, name = caseId): Promise<{ started: boolean }> {
  return start('SUBMIT_STATE_MACHINE_ARN', name, { caseId });
}

export function startHandlePayerEvent(
  caseId: string,
  eventId: string,
  name = eventId,
): Promise<{ started: boolean }> {
  return start('EVENT_STATE_MACHINE_ARN', name, { caseId, eventId });
}
