// Picks the agent on duty. Every agent is busy for the case's first attempt when `busyOnce` is
// set, to show a retried state.
const agents = ['ana', 'bo', 'chidi'];
const attempts = new Map();

export const handler = async (c) => {
  const n = (attempts.get(c.caseId) ?? 0) + 1;
  attempts.set(c.caseId, n);
  if (c.busyOnce && n === 1) throw Object.assign(new Error('every agent is on a call'), { name: 'AgentsBusy' });
  const agent = agents[[...c.caseId].reduce((h, ch) => h + ch.charCodeAt(0), 0) % agents.length];
  console.log(`case ${c.caseId} assigned to ${agent} (attempt ${n})`);
  return { agent, assignedAt: new Date().toISOString() };
};
