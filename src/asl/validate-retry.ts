/** `Retry` and `Catch`: arrays of retriers / catchers, each naming the errors it handles. */
import { CATCHER_FIELDS, RETRIER_FIELDS } from './state-schema.js';
import { has, isObject, type Scope, ValidationContext } from './validate-context.js';
import { checkFields } from './validate-fields.js';

const ALL = 'States.ALL';

/**
 * `ErrorEquals` of the `index`-th of `count` handlers: a non-empty array of strings, where
 * `States.ALL` must stand alone and only in the last handler.
 */
function checkErrorEquals(ctx: ValidationContext, holder: Record<string, unknown>, location: string, index: number, count: number): void {
  if (!has(holder, 'ErrorEquals')) return ctx.requiredField('ErrorEquals', location);
  const errors = holder.ErrorEquals;
  if (!Array.isArray(errors) || errors.length === 0 || !errors.every((e) => typeof e === 'string')) {
    return ctx.badValue('ErrorEquals', 'a non-empty ARRAY of STRING', location);
  }
  if (!errors.includes(ALL)) return;
  if (errors.length > 1) ctx.schema(`${ALL} must appear alone in 'ErrorEquals'`, `${location}/ErrorEquals`);
  else if (index !== count - 1) ctx.schema(`${ALL} must appear in the last element`, `${location}/ErrorEquals`);
}

function eachHandler(
  ctx: ValidationContext,
  value: unknown,
  location: string,
  check: (handler: Record<string, unknown>, at: string, index: number, count: number) => void,
): void {
  const field = location.slice(location.lastIndexOf('/') + 1);
  if (!Array.isArray(value)) return ctx.badValue(field, 'an ARRAY', location.slice(0, location.lastIndexOf('/')));
  value.forEach((handler, i) => {
    if (isObject(handler)) check(handler, `${location}/${i}`, i, value.length);
    else ctx.badValue(String(i), 'an OBJECT', location);
  });
}

export function checkRetriers(ctx: ValidationContext, value: unknown, location: string, scope: Scope): void {
  eachHandler(ctx, value, location, (retrier, at, i, count) => {
    checkFields(ctx, retrier, at, RETRIER_FIELDS, scope);
    checkErrorEquals(ctx, retrier, at, i, count);
    const { BackoffRate, JitterStrategy } = retrier;
    if (has(retrier, 'BackoffRate') && (typeof BackoffRate !== 'number' || BackoffRate < 1)) {
      ctx.badValue('BackoffRate', 'a NUMBER greater than or equal to 1.0', at);
    }
    if (has(retrier, 'JitterStrategy') && JitterStrategy !== 'FULL' && JitterStrategy !== 'NONE') {
      ctx.badValue('JitterStrategy', 'one of [FULL, NONE]', at);
    }
  });
}

export function checkCatchers(ctx: ValidationContext, value: unknown, location: string, scope: Scope): void {
  eachHandler(ctx, value, location, (catcher, at, i, count) => {
    checkFields(ctx, catcher, at, CATCHER_FIELDS, scope);
    checkErrorEquals(ctx, catcher, at, i, count);
    if (!has(catcher, 'Next')) ctx.requiredField('Next', at);
  });
}
