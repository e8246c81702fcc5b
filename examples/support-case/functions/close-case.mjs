// Closes the case; its output is the execution's.
export const handler = async (c) => ({
  caseId: c.caseId,
  status: 'closed',
  resolution: c.resolution.resolution,
  closedAt: new Date().toISOString(),
});
