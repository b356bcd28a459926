/**
 * Uploads on AWS: POST /v1/uploads is a route of the HTTP API behind the authorizer, and an
 * upload never named by a request does not outlive a day in the documents bucket.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#infra/routes.ts';
import { buildAppUnderTest, logicalIdOf } from './app-under-test.ts';

const { stateful, stateless } = buildAppUnderTest({ nag: false });

describe('uploads', () => {
  it('expires uploads/ objects (and their old versions) after a day in the documents bucket', () => {
    // Act
    const buckets = Template.fromStack(stateful).findResources('AWS::S3::Bucket');

    // Assess
    const documents = buckets[logicalIdOf(stateful, stateful.documentsBucket)];
    expect(documents?.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'uploads/',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: 'Enabled',
      }),
    );
  });

  it('routes POST /v1/uploads to the api function behind the bearer-token authorizer', () => {
    // Act
    const template = Template.fromStack(stateless);

    // Assess
    expect(ROUTES).toContainEqual({
      method: 'POST',
      path: '/v1/uploads',
      fn: 'api',
      auth: true,
      role: 'staff',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /v1/uploads',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: Match.anyValue(),
    });
  });
});
