/** The workflows port: Step Functions executions. */
import { stepFunctionsStarter } from '#adapters/workflow-starter.ts';
import { once } from './compose.ts';

export const workflows = once(() => stepFunctionsStarter());
