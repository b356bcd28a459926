/**
 * The stored request in the shape the domain takes; it lives in core (core/case/create-case.ts).
 */
export { domainRequest } from '#core/case/create-case.ts';
