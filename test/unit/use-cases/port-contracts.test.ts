/**
 * The in-memory adapters pass the same contract suites as the DynamoDB, S3 and Step Functions
 * adapters (test/integration/port-contracts.test.ts).
 */

import { inMemoryAuditStore } from '#adapters/in-memory/audit-store.ts';
import { inMemoryIdentityStore } from '#adapters/in-memory/identity-store.ts';
import {
  inMemoryCaseStore,
  inMemoryDocumentStore,
  recordingWorkflowStarter,
} from '#adapters/in-memory/index.ts';
import { inMemoryRemittanceStore } from '#adapters/in-memory/remittance-store.ts';
import { inMemoryCaseNotes, inMemoryDigestLog } from '#adapters/in-memory/team.ts';
import { auditStoreContract } from '../../contract/audit-store.contract.ts';
import { caseNotesContract, digestLogContract } from '../../contract/case-notes.contract.ts';
import { caseStoreContract } from '../../contract/case-store.contract.ts';
import { documentStoreContract } from '../../contract/document-store.contract.ts';
import { identityStoreContract } from '../../contract/identity-store.contract.ts';
import { remittanceStoreContract } from '../../contract/remittance-store.contract.ts';
import { workflowStarterContract } from '../../contract/workflow-starter.contract.ts';

caseStoreContract('in memory', async () => inMemoryCaseStore());
documentStoreContract('in memory', async () => inMemoryDocumentStore());
remittanceStoreContract('in memory', async () => inMemoryRemittanceStore());
workflowStarterContract('in memory', async () => recordingWorkflowStarter());
identityStoreContract('in memory', async () => inMemoryIdentityStore());
auditStoreContract('in memory', async () => inMemoryAuditStore());
caseNotesContract('in memory', async () => inMemoryCaseNotes());
digestLogContract('in memory', async () => inMemoryDigestLog());
