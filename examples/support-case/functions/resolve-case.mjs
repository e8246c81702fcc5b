// Resolves the case with what the customer told us. The CRM is down the first time an urgent case
// is resolved (a marker file remembers it across function processes): that execution fails at
// this state, and a redrive from the console finishes it.
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const handler = async (c) => {
  const marker = join(tmpdir(), `support-case-crm-${c.caseId}`);
  if (c.priority === 'urgent' && !existsSync(marker)) {
    writeFileSync(marker, 'the CRM was down once');
    throw Object.assign(new Error(`the CRM did not answer while resolving ${c.caseId}`), { name: 'CrmUnavailable' });
  }
  return { summary: `Answered ${c.customer}: ${c.customerReply.details}`, by: c.assignment.agent.agent };
};
