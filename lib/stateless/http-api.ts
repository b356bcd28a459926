/** The routes of the HTTP API (routes.ts), the bearer-token authorizer and the access-logged stage. */
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ROUTES } from '../routes.ts';
import type { Identity } from './identity.ts';

// API Gateway access log variables of HTTP APIs: ids and outcomes, no bodies, no headers.
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sourceIp: '$context.identity.sourceIp',
});

export interface HttpRoutesProps {
  readonly httpApi: apigwv2.HttpApi;
  /** The function behind each kind of route (ROUTES[].fn). */
  readonly functions: Record<'api' | 'webhook' | 'web', lambda.IFunction>;
  readonly authorizerFunction: lambda.IFunction;
  /** The Cognito user pool and its clients (identity.ts), made by the stack. */
  readonly identity: Identity;
  readonly throttle: { rateLimit: number; burstLimit: number };
  readonly accessLogs: logs.ILogGroup;
}

/** Adds every route of ROUTES to the API and creates its default stage. */
export function addHttpRoutes(scope: Construct, props: HttpRoutesProps): apigwv2.HttpStage {
  const bearerToken = new authorizers.HttpLambdaAuthorizer(
    'BearerTokenAuthorizer',
    props.authorizerFunction,
    {
      responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(0),
    },
  );
  const integration = (id: string, fn: lambda.IFunction) =>
    new integrations.HttpLambdaIntegration(id, fn, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
  const integrationOf = {
    api: integration('ApiIntegration', props.functions.api),
    webhook: integration('WebhookIntegration', props.functions.webhook),
    web: integration('WebIntegration', props.functions.web),
  };
  // The Cognito user pool is the issuer; the Lambda authorizer verifies its JWTs (identity.ts).
  const { identity } = props;
  // The web app signs people in at the hosted UI with the web client (lambdas/handlers/web.ts).
  if (props.functions.web instanceof lambda.Function) {
    props.functions.web.addEnvironment('PA_OIDC_AUTHORIZE_URL', identity.authorizeUrl);
    props.functions.web.addEnvironment('PA_OIDC_TOKEN_URL', identity.tokenUrl);
    props.functions.web.addEnvironment('PA_WEB_CLIENT_ID', identity.webClient.userPoolClientId);
  }
  if (props.authorizerFunction instanceof lambda.Function) {
    props.authorizerFunction.addEnvironment('PA_OIDC_ISSUER', identity.issuer);
    props.authorizerFunction.addEnvironment(
      'PA_OIDC_CLIENT_IDS',
      [identity.machineClient.userPoolClientId, identity.webClient.userPoolClientId].join(','),
    );
  }
  // Cognito serves the token endpoint and discovery on AWS: the local issuer's routes stay local.
  for (const route of ROUTES.filter((r) => !r.localIssuer)) {
    props.httpApi.addRoutes({
      path: route.path,
      methods: [apigwv2.HttpMethod[route.method]],
      integration: integrationOf[route.fn],
      ...(route.auth ? { authorizer: bearerToken } : {}),
    });
  }
  return new apigwv2.HttpStage(scope, 'DefaultStage', {
    httpApi: props.httpApi,
    stageName: '$default',
    autoDeploy: true,
    throttle: props.throttle,
    accessLogSettings: {
      destination: new apigwv2.LogGroupLogDestination(props.accessLogs),
      format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
    },
  });
}
