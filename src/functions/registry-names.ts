/**
 * How Lambda names a function: `my-fn`, `my-fn:alias`, `123456789012:function:my-fn`, or the full
 * ARN `arn:aws:lambda:us-east-1:123456789012:function:my-fn[:qualifier]`, with a `Qualifier`
 * beside it or not. Reading one yields the function's name and qualifier, or AWS's error.
 */
import type { Account } from '../service/arn.js';
import { validationException } from '../service/constraints.js';
import { ServiceError } from '../service/errors.js';

export interface FunctionRef {
  name: string;
  /** A version (`1`, `$LATEST`) or an alias. */
  qualifier?: string;
}

const FUNCTION_NAME =
  /^(?:arn:(?:aws[a-zA-Z-]*):lambda:)?(?:([a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9\-_.]+)(?::(\$LATEST|[a-zA-Z0-9\-_]+))?$/;
/** AWS's pattern as it quotes it (the `.` only where the action accepts one). */
const namePattern = (dot: boolean): string =>
  `(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_${dot ? '\\.' : ''}]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`;
const QUALIFIER = /^[a-zA-Z0-9$_-]+$/;
const VERSION = /^[0-9]+$/;
const ALIAS = /^(?!^[0-9]+$)[a-zA-Z0-9\-_]+$/;

export const isVersion = (q: string): boolean => q === '$LATEST' || VERSION.test(q);
export const isAliasName = (q: string): boolean => ALIAS.test(q);

export const functionArn = (a: Account, name: string, qualifier?: string): string =>
  `arn:${a.partition}:lambda:${a.region}:${a.account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;

export const functionNotFound = (a: Account, name: string, qualifier?: string): ServiceError =>
  new ServiceError('ResourceNotFoundException', `Function not found: ${functionArn(a, name, qualifier)}`);

/** What the action does with the name: what it accepts differs a little between them. */
export type NameUse = 'create' | 'read' | 'invoke' | 'write';

/**
 * Reads a function reference. AWS checks the syntax first (all problems at once, as
 * `ValidationException`, except that CreateFunction reports a bad plain name as
 * `InvalidParameterValueException`), then the region, then the qualifier's agreement.
 */
export function readFunctionName(account: Account, ref: string, qualifier: string | undefined, use: NameUse): FunctionRef {
  const m = FUNCTION_NAME.exec(ref);
  const [region, , name, arnQualifier] = m ? [m[1], m[2], m[3], m[4]] : [];
  const dotAllowed = use === 'invoke' || use === 'read';
  const maxLength = use === 'create' ? (ref === name ? 64 : 140) : use === 'write' ? 140 : 170;
  const problems: string[] = [];
  if ([...ref].length > maxLength) problems.push(at(ref, 'functionName', `Member must have length less than or equal to ${maxLength}`));
  if (!m || (!dotAllowed && name!.includes('.'))) {
    problems.push(at(ref, 'functionName', `Member must satisfy regular expression pattern: ${namePattern(dotAllowed)}`));
  }
  if (qualifier !== undefined) problems.push(...qualifierProblems(qualifier));
  if (problems.length) {
    const message = validationMessage(problems);
    // CreateFunction reports a bad plain name (no ARN parts) as a bad parameter value.
    if (use === 'create' && !ref.includes(':')) throw new ServiceError('InvalidParameterValueException', message);
    throw validationException(message);
  }
  if (use === 'create' && arnQualifier !== undefined) {
    throw validationException(validationMessage([at(ref, 'functionName', `Member must satisfy regular expression pattern: ${namePattern(false)}`)]));
  }
  if (region && region !== account.region) {
    throw new ServiceError('ResourceNotFoundException', `Functions from '${region}' are not reachable in this region ('${account.region}')`);
  }
  if (qualifier !== undefined && arnQualifier !== undefined && qualifier !== arnQualifier) {
    throw new ServiceError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
  }
  return { name: name!, qualifier: qualifier ?? arnQualifier };
}

function qualifierProblems(qualifier: string): string[] {
  const out: string[] = [];
  if ([...qualifier].length > 128) out.push(at(qualifier, 'qualifier', 'Member must have length less than or equal to 128'));
  if (!QUALIFIER.test(qualifier)) out.push(at(qualifier, 'qualifier', 'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)'));
  return out;
}

const at = (value: string, field: string, constraint: string): string => `Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`;

export const validationMessage = (problems: string[]): string =>
  `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
