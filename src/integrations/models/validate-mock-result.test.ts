import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServiceModel } from './service-model.js';
import { mockResultError, sfnFieldName } from './validate-mock-result.js';

/** A model in the generator's form, with a shape of each kind the check knows. */
const model: ServiceModel = {
  service: 'example',
  apiVersion: '2024-01-01',
  source: 'test',
  operations: { Describe: 'DescribeOutput' },
  shapes: {
    DescribeOutput: {
      type: 'structure',
      required: ['executionArn', 'startDate'],
      members: {
        executionArn: 'Arn',
        startDate: '#timestamp',
        MD5OfBody: '#string',
        Status: 'Status',
        Memory: 'Memory',
        Ratio: '#double',
        Enabled: '#boolean',
        Blob: 'Ciphertext',
        Entries: 'Entries',
        Tags: 'Tags',
        Config: 'Config',
        Anything: '#document',
      },
    },
    Arn: { type: 'string', min: 1, max: 20 },
    Status: { type: 'string', enum: ['RUNNING', 'SUCCEEDED'] },
    Memory: { type: 'integer', min: 128, max: 10240 },
    Ciphertext: { type: 'blob', min: 1 },
    Entries: { type: 'list', member: 'Entry', max: 2 },
    Entry: { type: 'structure', required: ['Id'], members: { Id: '#string', Size: '#long' } },
    Tags: { type: 'map', value: '#string' },
    Config: { type: 'structure', members: { Timeout: '#integer' } },
  },
};

const valid = { ExecutionArn: 'arn', StartDate: '2025-01-01T00:00:00Z' };
const strict = (value: unknown): string | undefined => mockResultError(model, 'DescribeOutput', value, 'STRICT');
const present = (value: unknown): string | undefined => mockResultError(model, 'DescribeOutput', value, 'PRESENT');
const error = (text: string): string => `Mock result schema validation error: ${text}`;

describe('sfnFieldName: Step Functions spells API members with each word capitalized', () => {
  for (const [member, name] of [
    ['executionArn', 'ExecutionArn'],
    ['StatusCode', 'StatusCode'],
    ['ETag', 'ETag'],
    ['MD5OfMessageBody', 'Md5OfMessageBody'],
    ['SSEKMSKeyId', 'SsekmsKeyId'],
    ['CiphertextBlob', 'CiphertextBlob'],
  ]) {
    test(`${member} → ${name}`, () => assert.equal(sfnFieldName(member), name));
  }
});

describe('mockResultError', () => {
  test('a result that conforms passes in every mode', () => {
    const full = {
      ...valid,
      Status: 'RUNNING',
      Memory: 128,
      Ratio: 0.5,
      Enabled: true,
      Blob: 'AQID',
      Entries: [{ Id: 'a', Size: 3 }],
      Tags: { k: 'v' },
      Config: { Timeout: 3 },
      Anything: [1, { a: null }],
    };
    assert.equal(strict(full), undefined);
    assert.equal(present(full), undefined);
  });

  test('STRICT: required fields, by their Step Functions names, in the model order', () => {
    assert.equal(strict({}), error("Required field 'ExecutionArn' is missing"));
    assert.equal(strict({ executionArn: 'arn', startDate: 'now' }), error("Required field 'ExecutionArn' is missing"));
    assert.equal(strict({ ExecutionArn: 'arn' }), error("Required field 'StartDate' is missing"));
    assert.equal(strict({ ExecutionArn: 'arn', StartDate: null }), error("Required field 'StartDate' is missing"));
    assert.equal(strict({ ...valid, Entries: [{ Size: 1 }] }), error("Required field 'Id' is missing"));
  });

  test('PRESENT: missing fields are fine, present ones must conform', () => {
    assert.equal(present({}), undefined);
    assert.equal(present({ StartDate: true }), error("Field 'StartDate' must be a string"));
    assert.equal(present({ ExecutionArn: 1764103483 }), error("Field 'ExecutionArn' must be a string"));
  });

  test('NONE: nothing is checked', () => {
    assert.equal(mockResultError(model, 'DescribeOutput', { StartDate: 1 }, 'NONE'), undefined);
    assert.equal(mockResultError(model, 'DescribeOutput', 'text', 'NONE'), undefined);
  });

  test('fields the model does not know pass, whatever their value', () => {
    assert.equal(strict({ ...valid, random: { json: [1] }, SdkHttpMetadata: { HttpStatusCode: 200 } }), undefined);
    // The API's MD5OfBody is Md5OfBody to Step Functions: the mock's spelling is an unknown field.
    assert.equal(strict({ ...valid, MD5OfBody: { unexpected: ['object'] } }), undefined);
    assert.equal(strict({ ...valid, Md5OfBody: { unexpected: ['object'] } }), error("Field 'Md5OfBody' must be a string"));
  });

  test('types, in AWS words', () => {
    assert.equal(strict({ ...valid, StartDate: 1764103483 }), error("Field 'StartDate' must be a string"));
    assert.equal(strict({ ...valid, Memory: '200' }), error("Field 'Memory' must be a number"));
    assert.equal(strict({ ...valid, Memory: 200.5 }), error("Field 'Memory' must be an integer"));
    assert.equal(strict({ ...valid, Ratio: '123.45' }), error("Field 'Ratio' must be a number"));
    assert.equal(strict({ ...valid, Enabled: 'true' }), error("Field 'Enabled' must be a boolean"));
    assert.equal(strict({ ...valid, Blob: 123 }), error("Field 'Blob' must be a string"));
    assert.equal(strict({ ...valid, Entries: 'not a list' }), error("Field 'Entries' must be an array"));
    assert.equal(strict({ ...valid, Tags: ['k'] }), error("Field 'Tags' must be an object"));
    assert.equal(strict({ ...valid, Config: 'x' }), error("Field 'Config' must be an object"));
  });

  test('constraints: enum, lengths, ranges', () => {
    assert.equal(strict({ ...valid, Status: 'Papyrus' }), error("Field 'Status' is not an expected value"));
    assert.equal(strict({ ...valid, ExecutionArn: '' }), error("Field 'ExecutionArn' is smaller than the minimum length"));
    assert.equal(strict({ ...valid, ExecutionArn: 'x'.repeat(21) }), error("Field 'ExecutionArn' exceeds the maximum length"));
    assert.equal(strict({ ...valid, Blob: '' }), error("Field 'Blob' is smaller than the minimum length"));
    assert.equal(strict({ ...valid, Memory: 127 }), error("Field 'Memory' is less than the minimum value"));
    assert.equal(strict({ ...valid, Memory: 10241 }), error("Field 'Memory' exceeds the maximum value"));
    assert.equal(strict({ ...valid, Entries: [{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }] }), error("Field 'Entries' exceeds the maximum length"));
  });

  test('nested fields are named by their own name, list items and map values by the field holding them', () => {
    assert.equal(strict({ ...valid, Entries: [{ Id: 'a' }, { Id: ['b'] }] }), error("Field 'Id' must be a string"));
    assert.equal(strict({ ...valid, Config: { Timeout: '3' } }), error("Field 'Timeout' must be a number"));
    assert.equal(strict({ ...valid, Tags: { a: 'x', b: 2 } }), error("Field 'Tags' must be a string"));
  });

  test('the first problem in the mock is the one reported', () => {
    assert.equal(strict({ ...valid, Memory: 'x', Enabled: 'y' }), error("Field 'Memory' must be a number"));
    assert.equal(strict({ ...valid, Enabled: 'y', Memory: 'x' }), error("Field 'Enabled' must be a boolean"));
  });

  test('a result that is no object is refused when the API returns a structure', () => {
    assert.equal(strict('Hello World'), 'Mocked result must be a JSON object.');
    assert.equal(present([1, 2]), 'Mocked result must be a JSON object.');
  });
});
