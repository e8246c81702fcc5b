/** An error the Step Functions API returns to its caller: `type` is AWS's `__type` (`InvalidArn`, `StateMachineDoesNotExist`, …). */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
