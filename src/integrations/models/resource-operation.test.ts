import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resourceOperation } from './resource-operation.js';

test('optimized integrations: the API operation they call, under the SDK integration name of the service', () => {
  assert.deepEqual(resourceOperation('arn:aws:states:::lambda:invoke'), { service: 'lambda', operation: 'Invoke' });
  assert.deepEqual(resourceOperation('arn:aws:states:::dynamodb:putItem'), { service: 'dynamodb', operation: 'PutItem' });
  assert.deepEqual(resourceOperation('arn:aws:states:::events:putEvents'), { service: 'eventbridge', operation: 'PutEvents' });
  assert.deepEqual(resourceOperation('arn:aws:states:::states:startExecution'), { service: 'sfn', operation: 'StartExecution' });
  assert.deepEqual(resourceOperation('arn:aws:states:::elasticmapreduce:createCluster'), { service: 'emr', operation: 'CreateCluster' });
  assert.deepEqual(resourceOperation('arn:aws:states:::bedrock:invokeModel'), { service: 'bedrockruntime', operation: 'InvokeModel' });
  assert.deepEqual(resourceOperation('arn:aws-cn:states:::sqs:sendMessage'), { service: 'sqs', operation: 'SendMessage' });
});

test('a .sync child execution returns DescribeExecution, .sync:2 with JSON input and output', () => {
  assert.deepEqual(resourceOperation('arn:aws:states:::states:startExecution.sync'), { service: 'sfn', operation: 'DescribeExecution' });
  assert.deepEqual(resourceOperation('arn:aws:states:::states:startExecution.sync:2'), {
    service: 'sfn',
    operation: 'DescribeExecution',
    jsonMembers: ['input', 'output'],
  });
});

test('SDK integrations: the service as named in the resource, the action in PascalCase', () => {
  assert.deepEqual(resourceOperation('arn:aws:states:::aws-sdk:s3:getObject'), { service: 's3', operation: 'GetObject' });
  assert.deepEqual(resourceOperation('arn:aws:states:::aws-sdk:sfn:startExecution'), { service: 'sfn', operation: 'StartExecution' });
});

test('results no API model describes', () => {
  for (const resource of [
    'arn:aws:lambda:us-east-1:123456789012:function:f',
    'arn:aws:states:us-east-1:123456789012:activity:a',
    'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    'arn:aws:states:::aws-sdk:s3:listBuckets.waitForTaskToken',
    'arn:aws:states:::ecs:runTask.sync',
    'arn:aws:states:::glue:startJobRun.sync',
  ]) {
    assert.equal(resourceOperation(resource), undefined, resource);
  }
});
