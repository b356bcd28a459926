/**
 * The grant behind a registry auth.privateKeyJwk given as a secret ARN: the function that calls
 * payers (SubmitToPayer) may read the secrets under durvalumab-pa/payer-keys/ and no other; no
 * other function may read them. Evaluated on the synthesized policies with iam-simulate, as the
 * local stack's IAM check does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  functionPolicies,
  isAllowed,
  type LocalArns,
  type PolicyDocument,
  synthesizePolicies,
} from '#infra/local/iam-check.ts';
import { FUNCTION_ACCESS, type FunctionName } from '#infra/stateless/access.ts';
import { LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '#infra/table-design.ts';
import { STATE_MACHINES } from '#infra/workflow-contract.ts';
import { PAYER_KEY_SECRET_PREFIX } from '#schemas/payer-registry.ts';

const ARNS: LocalArns = {
  region: 'us-east-1',
  tableName: LOCAL_TABLE_NAME,
  bucketName: LOCAL_BUCKET_NAME,
  stateMachineArns: Object.fromEntries(
    STATE_MACHINES.map((name) => [name, `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`]),
  ) as LocalArns['stateMachineArns'],
};
const secret = (name: string, account = '000000000000') =>
  `arn:aws:secretsmanager:us-east-1:${account}:secret:${name}-AbCdEf`;
const read = (resource: string) => ({ action: 'secretsmanager:GetSecretValue', resource });

let policies: Record<FunctionName, PolicyDocument>;

beforeAll(async () => {
  policies = functionPolicies(await synthesizePolicies(), ARNS);
}, 60_000);

describe("the payers' client key secrets", () => {
  it('are read by SubmitToPayer, the one function that calls payers', async () => {
    const key = read(secret(`${PAYER_KEY_SECRET_PREFIX}pas-payer`));
    expect(await isAllowed('SubmitToPayer', policies.SubmitToPayer, key)).toBe(true);
    const others = (Object.keys(FUNCTION_ACCESS) as FunctionName[]).filter((fn) => fn !== 'SubmitToPayer');
    const readers: string[] = [];
    for (const fn of others) if (await isAllowed(fn, policies[fn], key)) readers.push(fn);
    expect(readers).toEqual([]);
  });

  it.each([
    ['a secret outside the prefix', secret('durvalumab-pa/other/pas-payer')],
    ['a secret of another account', secret(`${PAYER_KEY_SECRET_PREFIX}pas-payer`, '111111111111')],
    ['a prefix look-alike', secret('durvalumab-pa/payer-keys-other/pas-payer')],
  ])('are the only secrets it may read besides its own: not %s', async (_what, resource) => {
    expect(await isAllowed('SubmitToPayer', policies.SubmitToPayer, read(resource))).toBe(false);
  });
});
