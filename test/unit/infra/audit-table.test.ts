/**
 * The audit trail on AWS (issue 13): a table of its own on the customer key, with PITR, deletion
 * protection, RETAIN and the retention TTL; and append-only: no policy of any role in either
 * stack allows an action on it other than PutItem and Query (so no UpdateItem, DeleteItem,
 * BatchWriteItem, PartiQL or a wildcard).
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ACCESS } from '#infra/stateless/access.ts';
import { buildAppUnderTest, logicalIdOf } from './app-under-test.ts';

const { stateful, stateless } = buildAppUnderTest({ nag: false });
/** The two templates, synthesized once for the file. */
const templates: { stateful?: Template; stateless?: Template } = {};

beforeAll(
  () =>
    Object.assign(templates, {
      stateful: Template.fromStack(stateful),
      stateless: Template.fromStack(stateless),
    }),
  60_000,
);
const statefulTemplate = () => templates.stateful as Template;
const statelessTemplate = () => templates.stateless as Template;

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every statement of every IAM policy of a template (identity policies and inline role policies). */
function statementsOf(template: Template): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).map(
    (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument,
  );
  const roles = Object.values(template.findResources('AWS::IAM::Role')).flatMap(
    (r) =>
      (r as { Properties: { Policies?: Array<{ PolicyDocument: { Statement: Statement[] } }> } }).Properties
        .Policies ?? [],
  );
  return [...policies, ...roles.map((p) => p.PolicyDocument)].flatMap((doc) => doc.Statement);
}

const names = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);
const mentionsAuditTable = (statement: Statement, marker: string) =>
  JSON.stringify(statement.Resource).includes(marker);

describe('the audit table', () => {
  it('is on the customer key, with PITR, TTL, deletion protection and RETAIN', () => {
    statefulTemplate().hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: Match.arrayWith([
          Match.objectLike({ IndexName: 'byCase' }),
          Match.objectLike({ IndexName: 'byActor' }),
        ]),
      }),
    });
    expect(logicalIdOf(stateful, stateful.auditTable)).toMatch(/^AuditTable/);
  });

  it('no policy of any role allows anything on it but PutItem and Query', () => {
    const marker = `${stateful.stackName}-AuditTableArn`;
    const onAudit = [...statementsOf(statelessTemplate()), ...statementsOf(statefulTemplate())].filter(
      (s) => s.Effect === 'Allow' && mentionsAuditTable(s, marker),
    );
    const actions = [...new Set(onAudit.flatMap((s) => names(s.Action)))].sort();
    // Without the grants, the recorder could not write: the test would pass vacuously.
    expect(onAudit.length).toBeGreaterThan(0);
    expect(actions).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    // Nor a wildcard resource that would cover it with a write.
    const wildcardWrites = statementsOf(statelessTemplate()).filter(
      (s) =>
        s.Effect === 'Allow' &&
        names(s.Resource).includes('*') &&
        names(s.Action).some((a) => /^dynamodb:(\*|Update|Delete|BatchWrite|PartiQL)/.test(a)),
    );
    expect(wildcardWrites).toEqual([]);
  });

  it('the functions that record get PutItem; only the api reads', () => {
    const granted = Object.fromEntries(
      Object.entries(FUNCTION_ACCESS)
        .filter(([, access]) => access.audit?.length)
        .map(([name, access]) => [name, [...(access.audit ?? [])]]),
    );
    expect(granted).toEqual({
      api: ['dynamodb:PutItem', 'dynamodb:Query'],
      ApplyPayerEvent: ['dynamodb:PutItem'],
      remittanceInbox: ['dynamodb:PutItem'],
    });
  });
});
