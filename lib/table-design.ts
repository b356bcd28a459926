/**
 * The single-table design, shared by the CDK stack (lib/stateful-stack.ts) and the local stack
 * (lib/local), so both create the same table.
 *
 * Items (pk / sk):
 *   CASE#<caseId> / CASE                the case (status, version, request, assessment, billing, ...)
 *   CASE#<caseId> / EVENT#<at>#<seq>    one history entry (with the raw payer body for audit)
 *   CASE#<caseId> / CLAIM#<claimId>     a claim and its scrub findings
 *   CLAIMREF#<claimId> / CLAIMREF       the case a claim id belongs to (findClaim: CLM01, CLP01)
 *   CASE#<caseId> / APPEAL#<appealId>   an appeal or corrected-claim remedy
 *   DOC#<documentId> / DOC              a generated document's metadata (the bytes are in S3)
 *   WEBHOOK#<payerId>#<webhookId> / RECEIPT   a webhook receipt, stored once (TTL)
 *   IDEMPOTENCY#<key> / IDEMPOTENCY     an Idempotency-Key and the caseId it made (TTL)
 *   REMIT#<remittanceId> / REMIT        an 835 remittance, put once (its id derives from organization, payer + TRN02)
 *   REMIT#<remittanceId> / CLAIM#<seq>  one CLP of it: match, status, lines, findings
 *   CASE#<caseId> / PAYMENT#<claimId>#<remittanceId>#<seq>   a matched claim's payment, under its case
 * Every CASE, DOC, CLAIMREF and REMIT item carries its organizationId (none: `default`).
 * GSIs of the worklist, partitioned by organization so that no worklist query can reach another
 * organization's cases, most urgent deadline first (sk = <dueAt or 9999>#<caseId>):
 *   byStatus     gsi1pk = ORG#<organizationId>#STATUS#<status>   (also PENDING_EVENT: payer events not applied)
 *   byPayer      gsi2pk = ORG#<organizationId>#PAYER#<payerId>
 *   byDue        gsi3pk = ORG#<organizationId>#WORKLIST#<shard>
 *   byAssignee   gsi4pk = ORG#<organizationId>#ASSIGNEE#<userId>  (sparse: assigned cases only)
 * The system index of the sweep, across organizations (no API route reads it):
 *   byStatusAll  gsi5pk = STATUS#<status>
 *   (A system index rather than a loop over the organizations: one Query per status whatever the
 *   number of organizations, and the sweep needs no identity table; on AWS, add the two new indexes
 *   of tenancy to an existing table in two deployments: CloudFormation creates one GSI per update.)
 * An organization's remittances, newest first (GET /v1/remittances; sk = <receivedAt>#<remittanceId>):
 *   byDue        gsi3pk = ORG#<organizationId>#REMITTANCES  (on the REMIT item)
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    { indexName: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'byPayer', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'byDue', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { indexName: 'byAssignee', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    { indexName: 'byStatusAll', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
  ],
} as const;

export const LOCAL_TABLE_NAME = 'pa-cases';
export const LOCAL_BUCKET_NAME = 'pa-documents';
