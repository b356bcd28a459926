/**
 * The WorkflowStarter contract, run against Step Functions (the local endpoint) and the
 * in-memory twin: a start is idempotent by its execution name.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowStarter } from '#core/ports.ts';
import { freshEach } from './fresh-each.ts';

export function workflowStarterContract(name: string, makeStarter: () => Promise<WorkflowStarter>): void {
  describe(`WorkflowStarter contract: ${name}`, () => {
    const starter = freshEach(makeStarter);

    it('starts a workflow once per execution name', async () => {
      // Prepare
      const caseId = `pa_contract_${Date.now().toString(36)}`;

      // Act
      const first = await starter.startSubmitPriorAuth(caseId);
      const again = await starter.startSubmitPriorAuth(caseId);
      const redrive = await starter.startSubmitPriorAuth(caseId, `${caseId}-r2`);

      // Assess
      expect([first, again, redrive]).toEqual([{ started: true }, { started: false }, { started: true }]);
    });

    it('starts the event workflow once per event, names cleaned to what Step Functions accepts', async () => {
      // Prepare
      const eventId = `evt_contract_${Date.now().toString(36)}`;

      // Act
      const first = await starter.startHandlePayerEvent('pa_x', eventId);
      const again = await starter.startHandlePayerEvent('pa_x', eventId);
      const odd = await starter.startHandlePayerEvent('pa_x', eventId, `${eventId}:r#1`);
      const oddAgain = await starter.startHandlePayerEvent('pa_x', eventId, `${eventId}:r#1`);

      // Assess
      expect([first, again, odd, oddAgain].map((s) => s.started)).toEqual([true, false, true, false]);
    });

    it('schedules a simulated answer once per webhook id', async () => {
      // Prepare
      const webhookId = `msg_sim_contract_${Date.now().toString(36)}`;
      const delivery = {
        caseId: 'pa_x',
        payerId: 'sim',
        submittedAt: '2026-01-05T10:00:00.000Z',
        step: 0,
        webhookId,
        deliverAt: '2026-01-05T10:00:00.050Z',
      };

      // Act
      const first = await starter.startSimulatedDelivery(delivery);
      const again = await starter.startSimulatedDelivery(delivery);
      const next = await starter.startSimulatedDelivery({
        ...delivery,
        step: 1,
        webhookId: `${webhookId}_1`,
      });

      // Assess
      expect([first, again, next].map((s) => s.started)).toEqual([true, false, true]);
    });
  });
}
