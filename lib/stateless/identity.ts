/**
 * The issuer on AWS (API.md "Identity, roles and organizations"): a Cognito user pool, its
 * resource server `pa-api` with one scope per role, an app client for machine clients (client
 * credentials) and one for the web app (authorization code + PKCE, no secret), and the hosted
 * domain that serves /oauth2/token. The local stack's built-in issuer (lib/routes.ts,
 * `localIssuer`) answers the same endpoints and signs the same claims.
 *
 * Which authorizer checks the tokens: the API must accept the operator's bootstrap token
 * (PA_API_TOKEN) and the issuer's JWTs on the same routes, and an HTTP API route has one
 * authorizer, so the Lambda authorizer stays on every route and verifies the JWTs itself with
 * `jose` against this pool's JWKS (PA_OIDC_ISSUER; the audience check is the app clients' ids,
 * since Cognito access tokens carry `client_id` instead of `aud`). `jwtAuthorizer` is the
 * HttpJwtAuthorizer for routes that take JWTs only (none yet): the API's role check reads
 * either authorizer's caller (lambdas/handlers/api/identity-guard.ts).
 *
 * People: one group per role, the organization in the custom attribute `organizationId`; the
 * pre-token-generation trigger (V2_0, lambdas/handlers/pre-token.ts) puts both into the ACCESS
 * token (`organizationId`, `pa-api/<role>` scopes), the claims the local issuer signs. The web app
 * signs in at the hosted UI (`authorizeUrl`, `tokenUrl`) with the web client.
 */
import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RESOURCE_SERVER } from '../../lambdas/core/identity/claims.ts';
import { ROLES } from '../../lambdas/core/identity/roles.ts';

export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly machineClient: cognito.UserPoolClient;
  readonly webClient: cognito.UserPoolClient;
  readonly issuer: string;
  readonly jwtAuthorizer: authorizers.HttpJwtAuthorizer;
  /** The hosted UI's authorization and token endpoints (the web app's config.json). */
  readonly authorizeUrl: string;
  readonly tokenUrl: string;

  constructor(
    scope: Construct,
    id: string,
    props: { webCallbackUrls?: string[]; preTokenFunction?: lambda.IFunction } = {},
  ) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: { organizationId: new cognito.StringAttribute({ mutable: true, maxLen: 200 }) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const scopes = ROLES.map(
      (role) => new cognito.ResourceServerScope({ scopeName: role, scopeDescription: `the ${role} role` }),
    );
    const server = this.userPool.addResourceServer('ApiResourceServer', {
      identifier: RESOURCE_SERVER,
      scopes,
    });
    const oauthScopes = scopes.map((scope) => cognito.OAuthScope.resourceServer(server, scope));
    this.machineClient = this.userPool.addClient('MachineClient', {
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: oauthScopes },
      accessTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, ...oauthScopes],
        callbackUrls: props.webCallbackUrls ?? ['https://localhost/app/'],
      },
      accessTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    const domain = this.userPool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix: `pa-${Names.uniqueResourceName(this, { maxLength: 40 })}`.toLowerCase(),
      },
    });
    this.authorizeUrl = `${domain.baseUrl()}/oauth2/authorize`;
    this.tokenUrl = `${domain.baseUrl()}/oauth2/token`;
    // One group per role: the trigger turns a user's groups into the token's role scopes.
    for (const role of ROLES)
      new cognito.CfnUserPoolGroup(this, `Group${role[0]?.toUpperCase()}${role.slice(1)}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `the ${role} role of the API`,
      });
    if (props.preTokenFunction)
      this.userPool.addTrigger(
        cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
        props.preTokenFunction,
        cognito.LambdaVersion.V2_0,
      );
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.jwtAuthorizer = new authorizers.HttpJwtAuthorizer('CognitoJwtAuthorizer', this.issuer, {
      jwtAudience: [this.machineClient.userPoolClientId, this.webClient.userPoolClientId],
    });
  }
}
