/**
 * The request side of an AWS API model, as botocore spells it (see generate-aws-models.py): each
 * operation's HTTP binding, its input structure with every member's type and constraints, and
 * the errors AWS lists for it.
 */

export interface Shape {
  type: 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'blob' | 'timestamp' | 'list' | 'map' | 'structure';
  min?: number;
  max?: number;
  pattern?: string;
  enum?: readonly string[];
  /** A list's items. */
  member?: Shape;
  key?: Shape;
  value?: Shape;
  members?: Readonly<Record<string, Member>>;
  required?: readonly string[];
  /** The member that is the whole HTTP body (Lambda's Invoke `Payload`). */
  payload?: string;
}

export interface Member {
  shape: Shape;
  /** Where a REST operation carries the member; absent for the JSON body. */
  location?: 'uri' | 'querystring' | 'header' | 'headers';
  locationName?: string;
}

export interface Operation {
  name: string;
  method: string;
  uri: string;
  input: Shape;
  errors: readonly string[];
}

export interface RouteOnly {
  name: string;
  method: string;
  uri: string;
}

export const isNumeric = (s: Shape): boolean => ['integer', 'long', 'float', 'double'].includes(s.type);

/** Whether a string satisfies a model pattern as AWS applies it: to the whole value. */
export function matchesPattern(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return new RegExp(`^(?:${pattern})$`).test(value);
  }
}
