/**
 * The Cognito side of people signing in (lib/stateless/identity.ts): the pre-token-generation
 * trigger (V2_0) that puts the organization and roles into the access token, one group per role,
 * the web client sent back to the web app, and the web function told where the hosted UI is.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '#core/identity/roles.ts';
import { buildAppUnderTest, logicalIdOf } from './app-under-test.ts';

const { stateless } = buildAppUnderTest({ nag: false });
let template: Template;

beforeAll(() => {
  template = Template.fromStack(stateless);
}, 60_000);

describe('the user pool for people', () => {
  it('runs the pre-token trigger, V2_0, to put the organization and roles into access tokens', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [logicalIdOf(stateless, stateless.functions.preToken), 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    });
  });

  it('has one group per role', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it("sends the web client back to the web app, and tells the web function the hosted UI's endpoints", () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    const web = template.toJSON().Resources[logicalIdOf(stateless, stateless.functions.web)];
    expect(Object.keys(web.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining(['PA_OIDC_AUTHORIZE_URL', 'PA_OIDC_TOKEN_URL', 'PA_WEB_CLIENT_ID']),
    );
  });
});
