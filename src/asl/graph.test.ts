import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, describeChoiceRule, toDot, toMermaid, type GraphItem } from './graph.js';

const order = {
  StartAt: 'Validate',
  States: {
    Validate: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:validate', Next: 'InStock?' },
    'InStock?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.stock', NumericGreaterThan: 0, Next: 'Fulfil' }],
      Default: 'OutOfStock',
    },
    Fulfil: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Notify', States: { Notify: { Type: 'Task', Resource: 'x', End: true } } },
        { StartAt: 'Ship', States: { Ship: { Type: 'Pass', End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.TaskFailed', 'Ship.Lost'], Next: 'Refund' }],
      Next: 'Reserve',
    },
    Reserve: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'ReserveItem', States: { ReserveItem: { Type: 'Pass', End: true } } },
      End: true,
    },
    Refund: { Type: 'Pass', Next: 'Failed' },
    OutOfStock: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'OrderFailed' },
  },
};

const edgesOf = (definition: unknown) =>
  buildGraph(definition).edges.map((e) => `${e.from} ${e.kind} ${e.to}${e.label ? ` [${e.label}]` : ''}`);

test('edges for Next, Choice rules, Default, Catch, branches, start and end', () => {
  assert.deepEqual(edgesOf(order), [
    '__start next Validate',
    'Validate next InStock_',
    'InStock_ choice Fulfil [$.stock > 0]',
    'InStock_ default OutOfStock [Default]',
    'Fulfil branch Notify',
    'Notify next Reserve',
    'Fulfil branch Ship',
    'Ship next Reserve',
    'Fulfil catch Refund [States.TaskFailed, Ship.Lost]',
    'Reserve branch ReserveItem',
    'ReserveItem next __end',
    'Refund next Failed',
    'OutOfStock next __end',
    'Failed next __end',
  ]);
});

test('Parallel and Map become clusters holding the state and its branches', () => {
  const clusters = (items: GraphItem[]): string[] =>
    items.flatMap((i) => (i.kind === 'cluster' ? [`${i.label}: ${i.items.map((x) => x.label).join(', ')}`, ...clusters(i.items)] : []));
  assert.deepEqual(clusters(buildGraph(order).items), [
    'Fulfil (Parallel): Fulfil, Branch 1, Branch 2',
    'Branch 1: Notify',
    'Branch 2: Ship',
    'Reserve (Map): Reserve, Iterator',
    'Iterator: ReserveItem',
  ]);
});

test('a transition to an unknown state is drawn to a "missing" node', () => {
  const broken = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
  assert.deepEqual(edgesOf(broken), ['__start next A', 'A next missing_Nowhere']);
  assert.match(toMermaid(broken), /missing_Nowhere\["Nowhere \(missing\)"\]:::missing/);
});

test('Fail inside a branch does not lead anywhere; the container catches it', () => {
  const def = {
    StartAt: 'P',
    States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail' } } }] } },
  };
  assert.deepEqual(edgesOf(def), ['__start next P', 'P branch F']);
});

const rules: [unknown, string][] = [
  [{ Variable: '$.stock', NumericGreaterThan: 0 }, '$.stock > 0'],
  [{ Variable: '$.s', StringEquals: 'x' }, '$.s == "x"'],
  [{ Variable: '$.a', NumericLessThanEqualsPath: '$.b' }, '$.a <= $.b'],
  [{ Variable: '$.t', TimestampGreaterThan: '2024-01-01T00:00:00Z' }, '$.t > "2024-01-01T00:00:00Z"'],
  [{ Variable: '$.n', StringMatches: 'log-*' }, '$.n matches "log-*"'],
  [{ Variable: '$.x', IsPresent: false }, '$.x is not present'],
  [{ Variable: '$.x', IsNull: true }, '$.x is null'],
  [{ Not: { Variable: '$.ok', BooleanEquals: true } }, 'not ($.ok == true)'],
  [
    { And: [{ Variable: '$.a', NumericEquals: 1 }, { Or: [{ Variable: '$.b', IsString: true }, { Variable: '$.c', IsNumeric: true }] }] },
    '$.a == 1 and ($.b is a string or $.c is numeric)',
  ],
  [{ Condition: '{% $states.input.stock > 0 %}' }, '$states.input.stock > 0'],
];
for (const [rule, text] of rules) {
  test(`describeChoiceRule: ${text}`, () => assert.equal(describeChoiceRule(rule), text));
}

test('Mermaid: shapes by type, labelled and dashed edges, keyword-safe ids', () => {
  const mermaid = toMermaid(order);
  assert.match(mermaid, /^flowchart TD\n/);
  for (const line of [
    '__start(("Start")):::terminal',
    'Validate["Validate"]',
    'InStock_{"InStock?"}',
    'OutOfStock(["OutOfStock"]):::succeed',
    'Failed(["Failed"]):::fail',
    'subgraph Fulfil_cluster["Fulfil (Parallel)"]',
    'Fulfil[["Fulfil"]]',
    'subgraph Reserve_cluster["Reserve (Map)"]',
    'InStock_ -->|"$.stock > 0"| Fulfil',
    'InStock_ -->|"Default"| OutOfStock',
    'Fulfil -.->|"States.TaskFailed, Ship.Lost"| Refund',
    'ReserveItem --> __end',
  ]) {
    assert.ok(mermaid.includes(line), `missing ${line} in\n${mermaid}`);
  }
  assert.equal(toMermaid({ StartAt: 'end', States: { end: { Type: 'Pass', End: true } } }).includes('end_2("end")'), true);
  assert.ok(toMermaid({ StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Variable: '$.s', StringEquals: 'q"t', Next: 'A' }] } } })
    .includes('|"$.s == #quot;q\\#quot;t#quot;"|'));
});

test('DOT: clusters, shapes, escaped labels, dashed catch edges', () => {
  const dot = toDot(order);
  assert.match(dot, /^digraph StateMachine \{\n/);
  for (const line of [
    'subgraph cluster_Fulfil_cluster {',
    'label="Fulfil (Parallel)";',
    'InStock_ [label="InStock?", shape=diamond];',
    'Fulfil [label="Fulfil", shape=component];',
    'Reserve [label="Reserve", shape=box3d];',
    'InStock_ -> Fulfil [label="$.stock > 0"];',
    'Fulfil -> Refund [label="States.TaskFailed, Ship.Lost", style=dashed];',
    '__start -> Validate;',
  ]) {
    assert.ok(dot.includes(line), `missing ${line} in\n${dot}`);
  }
  assert.ok(toDot({ StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Variable: '$.s', StringEquals: 'q"t', Next: 'A' }] } } })
    .includes('[label="$.s == \\"q\\\\\\"t\\""]'));
});
