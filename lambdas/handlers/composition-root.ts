/**
 * The one table of which adapter implements which port: every port, and the binding that makes it
 * (lambdas/handlers/bindings/: one module per port whose adapter imports anything, the others in
 * bindings/compose.ts). `ports` is every port: the api function uses it, as do tools that need them
 * all. Every other handler composes only the ports its use cases take, from the same bindings
 * (lambdas/handlers/api/webhook.ts: `compose({ cases, clock, ... })`), so its bundle holds only
 * their adapters: no pdf-lib, templates or payer transports where they are not used
 * (test/unit/bundle-lazy-imports.test.ts checks the bundles).
 *
 * Adding a port: a binding module, bindings/<port>.ts (`export const audit = once(() =>
 * dynamoAuditStore());`), and one line in the table below (`audit,`, with its import); a handler
 * other than the api that needs the port adds it to its own compose({...}).
 */
import type { Ports } from '#core/ports.ts';
import { audit } from './bindings/audit.ts';
import { cases } from './bindings/cases.ts';
import { clock, compose, ids, log, pauseAt } from './bindings/compose.ts';
import { documents } from './bindings/documents.ts';
import { identity } from './bindings/identity.ts';
import { mailer } from './bindings/mailer.ts';
import { metrics } from './bindings/metrics.ts';
import { digests, notes } from './bindings/notes.ts';
import { people } from './bindings/people.ts';
import { registry } from './bindings/registry.ts';
import { remittances } from './bindings/remittances.ts';
import { renderer } from './bindings/renderer.ts';
import { templates } from './bindings/templates.ts';
import { transports } from './bindings/transports.ts';
import { workflows } from './bindings/workflows.ts';

export { publicUrl } from './bindings/compose.ts';

export const ports: Ports = compose<keyof Ports>({
  cases,
  remittances,
  identity,
  people,
  audit,
  notes,
  digests,
  mailer,
  documents,
  workflows,
  renderer,
  templates,
  transports,
  registry,
  clock,
  ids,
  log,
  metrics,
  pauseAt,
});
