/**
 * One logger, configured once. Log ids (caseId, payerId, eventId, executionArn), never patient data.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '#core/ports.ts';

export const logger = new Logger({
  serviceName: 'durvalumab-pa',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | undefined) ?? 'INFO',
});

/** The Log port on the logger. */
export const log: Log = {
  info: (message, attributes) => logger.info(message, attributes ?? {}),
  warn: (message, attributes) => logger.warn(message, attributes ?? {}),
  error: (message, attributes) => logger.error(message, attributes ?? {}),
};
