/**
 * An AWS service's API model, reduced to the output shapes of its operations: the form
 * `scripts/generate-service-models.py` writes from botocore's models.
 *
 * A shape reference is a shape's name in `shapes`, or `#<type>` for a bare primitive with no
 * constraints (`#string`, `#long`, `#timestamp`, …), or `#document` for any JSON value.
 */
export type ShapeRef = string;

export interface Shape {
  type: string;
  /** Structure: member name (as the API spells it) → shape. */
  members?: Record<string, ShapeRef>;
  /** Structure: the members that must be present. */
  required?: string[];
  /** List: the shape of each item. */
  member?: ShapeRef;
  /** Map: the shape of each value. */
  value?: ShapeRef;
  /** Strings, blobs, lists and maps: length bounds; numbers: value bounds. */
  min?: number;
  max?: number;
  enum?: string[];
}

export interface ServiceModel {
  /** botocore's name for the service. */
  service: string;
  apiVersion: string;
  /** Where the model came from (the botocore release). */
  source: string;
  /** Operation (PascalCase, as the API names it) → its output shape. */
  operations: Record<string, ShapeRef>;
  shapes: Record<string, Shape>;
}

export const ANY: ShapeRef = '#document';

/** The shape a reference stands for; `undefined` for `#document`. */
export function resolveShape(model: ServiceModel, ref: ShapeRef): Shape | undefined {
  if (ref === ANY) return undefined;
  if (ref.startsWith('#')) return { type: ref.slice(1) };
  return model.shapes[ref];
}
