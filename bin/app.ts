import { App } from 'aws-cdk-lib';
import { applyNagChecks } from '../lib/nag-suppressions.ts';
import { FEATURE_FLAGS, StatefulStack } from '../lib/stateful-stack.ts';
import { StatelessStack } from '../lib/stateless-stack.ts';

const app = new App({ context: FEATURE_FLAGS });
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
const stateful = new StatefulStack(app, 'DurvalumabPaStateful', { env });
const stateless = new StatelessStack(app, 'DurvalumabPaStateless', { env, stateful });
applyNagChecks(app, { stateful, stateless });
app.synth();
