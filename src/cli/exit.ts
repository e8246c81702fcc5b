/** What `stepwise` exits with: scripts and CI branch on these. */
export const ExitCode = { Succeeded: 0, ExecutionFailed: 1, Usage: 2 } as const;

/**
 * A mistake the user can fix (missing file, bad JSON, unknown test case): the CLI prints its
 * message as one line on stderr and exits 2, never a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
