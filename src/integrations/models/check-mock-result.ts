/**
 * A TestState mock for a Task, held to the API model of the operation its resource calls:
 * the problem AWS would report, or `undefined`. Unchecked (as there is nothing to check against)
 * when the resource calls no API operation (see `resourceOperation`), when we ship no model of the
 * service (`load-service-model.ts`), or when the model has no such operation.
 */
import { loadServiceModel } from './load-service-model.js';
import { resourceOperation } from './resource-operation.js';
import { ANY, type ServiceModel } from './service-model.js';
import { mockResultError, type FieldValidationMode } from './validate-mock-result.js';

export async function checkMockResult(resource: string, result: unknown, mode: FieldValidationMode): Promise<string | undefined> {
  if (mode === 'NONE') return undefined;
  const call = resourceOperation(resource);
  if (!call) return undefined;
  const model = await loadServiceModel(call.service);
  const output = model?.operations[call.operation];
  if (!model || output === undefined) return undefined;
  if (!call.jsonMembers) return mockResultError(model, output, result, mode);
  return mockResultError(withJsonMembers(model, output, call.jsonMembers), output, result, mode);
}

/** The model with the output shape's `members` taking any JSON value. */
function withJsonMembers(model: ServiceModel, output: string, members: string[]): ServiceModel {
  const shape = model.shapes[output];
  const overridden = { ...shape.members, ...Object.fromEntries(members.map((m) => [m, ANY])) };
  return { ...model, shapes: { ...model.shapes, [output]: { ...shape, members: overridden } } };
}
