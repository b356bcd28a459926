/**
 * One logger, configured once. Log ids (caseId, payerId, eventId, executionArn), never patient data.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: 'durvalumab-pa',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | undefined) ?? 'INFO',
});
