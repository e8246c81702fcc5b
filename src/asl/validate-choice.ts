/**
 * Choice rules. JSONPath rules compare a `Variable` with one operator or combine rules with
 * `And` / `Or` / `Not` (only top-level rules carry `Next` and `Assign`); JSONata rules are a
 * `Condition` and a `Next`.
 */
import { isJsonataExpression, isValidPath } from './expression-syntax.js';
import { CHOICE_OPERATORS } from './state-schema.js';
import { has, isObject, type Scope, ValidationContext } from './validate-context.js';
import { checkJsonata, checkTemplate, isRfc3339 } from './validate-fields.js';

const COMBINATORS = ['And', 'Or', 'Not'];
const JSONATA_RULE_FIELDS = new Set(['Condition', 'Next', 'Comment', 'Assign', 'Output']);

export function checkChoices(ctx: ValidationContext, value: unknown, location: string, scope: Scope): void {
  if (!Array.isArray(value) || value.length === 0) {
    return ctx.badValue('Choices', 'a non-empty ARRAY', location.slice(0, location.lastIndexOf('/')));
  }
  value.forEach((rule, i) => {
    const at = `${location}/${i}`;
    if (!isObject(rule)) ctx.badValue(String(i), 'an OBJECT', location);
    else if (scope.ql === 'JSONata') checkJsonataRule(ctx, rule, at);
    else checkJsonPathRule(ctx, rule, at, true);
  });
}

function checkJsonataRule(ctx: ValidationContext, rule: Record<string, unknown>, at: string): void {
  for (const key of Object.keys(rule)) if (!JSONATA_RULE_FIELDS.has(key)) ctx.unsupported(key, at);
  for (const key of ['Condition', 'Next']) if (!has(rule, key)) ctx.requiredField(key, at);
  const { Condition, Next, Assign, Output } = rule;
  if (has(rule, 'Condition') && typeof Condition !== 'boolean' && !isJsonataExpression(Condition)) {
    ctx.badValue('Condition', 'a BOOLEAN or a JSONata expression', at);
  }
  if (has(rule, 'Next') && typeof Next !== 'string') ctx.badValue('Next', 'a STRING', at);
  for (const [key, v] of Object.entries({ Condition, Assign, Output })) if (v !== undefined) checkJsonata(ctx, v, `${at}/${key}`);
}

const OPERAND_CHECKS: Record<(typeof CHOICE_OPERATORS)[string], [string, (v: unknown) => boolean]> = {
  string: ['a STRING', (v) => typeof v === 'string'],
  number: ['a NUMBER', (v) => typeof v === 'number'],
  boolean: ['a BOOLEAN', (v) => typeof v === 'boolean'],
  'true/false': ['a BOOLEAN', (v) => typeof v === 'boolean'],
  timestamp: ['a valid RFC3339 timestamp', (v) => typeof v === 'string' && isRfc3339(v)],
  path: ['a valid JSONPath', (v) => typeof v === 'string' && isValidPath(v)],
};

function checkJsonPathRule(ctx: ValidationContext, rule: Record<string, unknown>, at: string, topLevel: boolean): void {
  const ops: string[] = [];
  for (const [key, value] of Object.entries(rule)) {
    if (has(CHOICE_OPERATORS, key)) {
      ops.push(key);
      const [expected, ok] = OPERAND_CHECKS[CHOICE_OPERATORS[key]];
      if (!ok(value)) ctx.badValue(key, expected, at);
    } else if (key === 'And' || key === 'Or') {
      ops.push(key);
      if (!Array.isArray(value) || value.length === 0) ctx.badValue(key, 'a non-empty ARRAY', at);
      else value.forEach((r, i) => (isObject(r) ? checkJsonPathRule(ctx, r, `${at}/${key}/${i}`, false) : ctx.badValue(String(i), 'an OBJECT', `${at}/${key}`)));
    } else if (key === 'Not') {
      ops.push(key);
      if (isObject(value)) checkJsonPathRule(ctx, value, `${at}/Not`, false);
      else ctx.badValue(key, 'an OBJECT', at);
    } else if (key === 'Variable') {
      if (typeof value !== 'string' || !isValidPath(value)) ctx.badValue(key, 'a valid JSONPath', at);
    } else if (key === 'Comment') {
      if (typeof value !== 'string') ctx.badValue(key, 'a STRING', at);
    } else if (topLevel && key === 'Next') {
      if (typeof value !== 'string') ctx.badValue(key, 'a STRING', at);
    } else if (topLevel && key === 'Assign') {
      if (isObject(value)) checkTemplate(ctx, value, `${at}/Assign`);
      else ctx.badValue(key, 'an OBJECT', at);
    } else ctx.unsupported(key, at);
  }
  if (ops.length !== 1) {
    ctx.schema(`A choice rule must have exactly one comparison operator or one of [${COMBINATORS.join(', ')}]`, at);
  } else if (!COMBINATORS.includes(ops[0]) && !has(rule, 'Variable')) ctx.requiredField('Variable', at);
  if (topLevel && !has(rule, 'Next')) ctx.requiredField('Next', at);
}
