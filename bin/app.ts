import { App } from 'aws-cdk-lib';
import { composeApp } from '../lib/app.ts';
import { FEATURE_FLAGS } from '../lib/stateful-stack.ts';

// `cdk deploy -c stage=dev|prod [-c alarmEmail=ops@example.org]` (lib/stage.ts)
const app = new App({ context: FEATURE_FLAGS });
composeApp(app);
app.synth();
