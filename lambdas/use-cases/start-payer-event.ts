/**
 * Starts HandlePayerEvent for a payer event stored a moment ago (a webhook's, or a remittance's
 * denial). The event is stored first, so a start that fails now is not lost: the sweep re-drives
 * every stored event not yet applied.
 */
import type { Ports } from '#core/ports.ts';

export async function startStoredEvent(
  caseId: string,
  eventId: string,
  ports: Pick<Ports, 'workflows' | 'log'>,
): Promise<void> {
  try {
    await ports.workflows.startHandlePayerEvent(caseId, eventId);
  } catch (error) {
    ports.log.warn('could not start HandlePayerEvent; the sweep will re-drive it', {
      caseId,
      eventId,
      errorName: (error as Error).name,
    });
  }
}
