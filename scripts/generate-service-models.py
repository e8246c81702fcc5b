#!/usr/bin/env python3
"""
Writes the AWS API output models that TestState checks mocked results against
(`src/integrations/models/data/<name>.json.gz`), from the service models botocore ships.

    python3 scripts/generate-service-models.py [--botocore-data DIR] [--out DIR]

For every service in SERVICES it keeps, from the newest API version botocore has, the output
shape of each operation and every shape those reach, with only what a check needs: type,
members, required members, list member, map value, min, max and enum. Documentation,
wire locations and patterns are dropped (AWS's mock check reports no pattern errors).
A shape that is a bare primitive (`{"type": "string"}`) is not written; references to it
read `#string`, `#long`, .... Documents and event streams read `#document` (any JSON value).

A file is named by the service's name in Step Functions' `aws-sdk:<name>:<action>` resources,
which is not always botocore's (`sfn` for `stepfunctions`, `eventbridge` for `events`). Output
is gzipped without a timestamp, so a run over the same botocore writes the same bytes.
Needs only Python 3 and an installed botocore (`pip install botocore`) or its data folder.
"""
import argparse
import gzip
import json
import os
import sys

# Step Functions' service name -> botocore's: the services Step Functions calls through its
# optimized integrations, and those its users most often call through `aws-sdk:`.
SERVICES = {
    'acm': 'acm',
    'apigateway': 'apigateway',
    'athena': 'athena',
    'batch': 'batch',
    'bedrock': 'bedrock',
    'bedrockruntime': 'bedrock-runtime',
    'cloudformation': 'cloudformation',
    'cloudwatch': 'cloudwatch',
    'cloudwatchlogs': 'logs',
    'codebuild': 'codebuild',
    'codepipeline': 'codepipeline',
    'cognitoidentityprovider': 'cognito-idp',
    'comprehend': 'comprehend',
    'databrew': 'databrew',
    'dynamodb': 'dynamodb',
    'ec2': 'ec2',
    'ecr': 'ecr',
    'ecs': 'ecs',
    'eks': 'eks',
    'emr': 'emr',
    'emrcontainers': 'emr-containers',
    'emrserverless': 'emr-serverless',
    'eventbridge': 'events',
    'firehose': 'firehose',
    'glue': 'glue',
    'iam': 'iam',
    'kinesis': 'kinesis',
    'kms': 'kms',
    'lambda': 'lambda',
    'mediaconvert': 'mediaconvert',
    'organizations': 'organizations',
    'polly': 'polly',
    'rds': 'rds',
    'redshiftdata': 'redshift-data',
    'rekognition': 'rekognition',
    'route53': 'route53',
    's3': 's3',
    'sagemaker': 'sagemaker',
    'scheduler': 'scheduler',
    'secretsmanager': 'secretsmanager',
    'ses': 'ses',
    'sesv2': 'sesv2',
    'sfn': 'stepfunctions',
    'sns': 'sns',
    'sqs': 'sqs',
    'ssm': 'ssm',
    'sts': 'sts',
    'textract': 'textract',
    'transcribe': 'transcribe',
    'translate': 'translate',
}

KEPT = ('type', 'required', 'min', 'max', 'enum')
CONSTRAINTS = ('required', 'min', 'max', 'enum', 'members', 'member', 'value')


def installed_botocore() -> tuple[str, str]:
    """The installed botocore's data folder and version."""
    try:
        import botocore
    except ImportError:
        sys.exit('botocore is not installed: pip install botocore, or pass --botocore-data DIR')
    return os.path.join(os.path.dirname(botocore.__file__), 'data'), 'botocore ' + botocore.__version__


def load_model(data: str, service: str) -> dict:
    folder = os.path.join(data, service)
    version = sorted(v for v in os.listdir(folder) if v[:1].isdigit())[-1]
    path = os.path.join(folder, version, 'service-2.json')
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    with gzip.open(path + '.gz', 'rt', encoding='utf-8') as f:
        return json.load(f)


def compact(model: dict, service: str, source: str) -> dict:
    shapes = model['shapes']
    kept: dict = {}

    def ref(name: str) -> str:
        shape = shapes[name]
        if shape.get('document') or shape.get('eventstream'):
            return '#document'
        if shape['type'] not in ('structure', 'list', 'map') and not any(k in shape for k in CONSTRAINTS):
            return '#' + shape['type']
        if name not in kept:
            out = {k: shape[k] for k in KEPT if k in shape}
            kept[name] = out
            if 'members' in shape:
                out['members'] = {m: ref(s['shape']) for m, s in shape['members'].items()}
            if 'member' in shape:
                out['member'] = ref(shape['member']['shape'])
            if 'value' in shape:
                out['value'] = ref(shape['value']['shape'])
        return name

    operations = {
        name: ref(op['output']['shape']) for name, op in sorted(model['operations'].items()) if 'output' in op
    }
    return {
        'service': service,
        'apiVersion': model['metadata']['apiVersion'],
        'source': source,
        'operations': operations,
        'shapes': dict(sorted(kept.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--botocore-data', default=None, help="botocore's data folder (default: the installed botocore's)")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument('--out', default=os.path.join(here, '..', 'src', 'integrations', 'models', 'data'))
    args = parser.parse_args()
    data, source = (args.botocore_data, 'botocore data ' + args.botocore_data) if args.botocore_data else installed_botocore()
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for name, service in sorted(SERVICES.items()):
        text = json.dumps(compact(load_model(data, service), service, source), separators=(',', ':'), sort_keys=False)
        blob = gzip.compress(text.encode('utf-8'), mtime=0)
        with open(os.path.join(args.out, name + '.json.gz'), 'wb') as f:
            f.write(blob)
        total += len(blob)
        print(f'{name:24} {service:18} {len(text):>9} bytes, {len(blob):>7} gzipped')
    print(f'{len(SERVICES)} services, {total} bytes gzipped in {os.path.relpath(args.out)}')


if __name__ == '__main__':
    main()
