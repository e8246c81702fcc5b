/**
 * Syntax checks for the expressions a definition embeds: JSONPath, intrinsic function calls and
 * JSONata. The validator only asks "is this well formed?"; the modules that compile these
 * expressions for execution are the single source of that answer.
 */
import { compileIntrinsic, isIntrinsicCall } from './intrinsics.js';
import { validateJsonataField } from './jsonata.js';
import { compilePath, isReferencePath } from './jsonpath.js';
import type { DefinitionError } from './errors.js';

export { isJsonataTemplate as isJsonataExpression } from './jsonata.js';

const compiles = (compile: (text: string) => unknown, text: string): boolean => {
  try {
    compile(text);
    return true;
  } catch {
    return false;
  }
};

export const isValidPath = (text: string): boolean => compiles(compilePath, text);

/** `ResultPath`: a reference path into the state input, so no variables and no context object. */
export const isValidReferencePath = (text: string): boolean =>
  isReferencePath(text) && !text.startsWith('$$') && !/^\$[^.[]/.test(text);

/** The value of a `"key.$"` field, `ErrorPath` or `CausePath`: a path or an intrinsic call. */
export const isValidPathOrIntrinsic = (text: string): boolean =>
  isIntrinsicCall(text) ? compiles(compileIntrinsic, text) : isValidPath(text);

/** Problems in the JSONata expressions inside `value` (any JSON), each with its location. */
export const jsonataProblems = (value: unknown, location: string): DefinitionError[] => validateJsonataField(value, location);
