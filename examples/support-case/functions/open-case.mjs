// Opens a case from a customer's request: gives it an id and the question to ask them.
export const handler = async (request) => {
  if (!request.customer || !request.subject) throw Object.assign(new Error('a case needs a customer and a subject'), { name: 'InvalidRequest' });
  return {
    caseId: request.caseId ?? `CASE-${Date.now().toString(36).toUpperCase()}`,
    customer: request.customer,
    subject: request.subject,
    priority: request.priority ?? 'normal',
    question: request.question ?? `Which version are you running, and what did you see when "${request.subject}" happened?`,
    watchers: request.watchers ?? [],
    ...(request.busyOnce && { busyOnce: true }),
    openedAt: new Date().toISOString(),
  };
};
