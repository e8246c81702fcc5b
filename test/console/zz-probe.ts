import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { repoRoot, startConsole } from './harness.js';
const h = await startConsole({ functionsDir: join(repoRoot(), 'examples/support-case/functions') });
try {
  const def = readFileSync(join(repoRoot(), 'examples/support-case/support-case.asl.json'), 'utf8');
  const m = await h.sfn.send(new CreateStateMachineCommand({ name: 'SupportCase', definition: def, roleArn: 'arn:aws:iam::123456789012:role/x' }));
  const x = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: m.stateMachineArn, name: 'printer-jam', input: readFileSync(join(repoRoot(), 'examples/support-case/inputs/printer-jam.json'), 'utf8') }));
  await h.page.goto(h.url + '/');
  await h.page.waitForSelector('[data-machine=SupportCase]');
  await h.page.screenshot({ path: '/tmp/p-home.png' });
  await h.page.goto(h.url + '/state-machine?arn=' + encodeURIComponent(m.stateMachineArn!));
  await h.page.waitForSelector('[data-laid-out=yes]');
  await h.page.waitForTimeout(800);
  await h.page.screenshot({ path: '/tmp/p-machine.png' });
  await h.page.goto(h.url + '/execution?arn=' + encodeURIComponent(x.executionArn!));
  await h.page.waitForSelector('[data-laid-out=yes]');
  await h.page.waitForTimeout(1500);
  await h.page.screenshot({ path: '/tmp/p-exec.png' });
  await h.page.goto(h.url + '/inbox');
  await h.page.waitForTimeout(1500);
  await h.page.screenshot({ path: '/tmp/p-inbox.png' });
} finally {
  await h.close();
}
