/** The console opens a Distributed Map's child executions from their parent's page, and leads back. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { browserSkipReason, startConsole, type ConsoleHarness } from './harness.js';

describe('Map Run child executions in the console', { skip: browserSkipReason(), timeout: 120_000 }, () => {
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsole();
  });
  after(async () => {
    await h?.close();
  });

  it("lists a Map Run's children on the parent's page, opens one, and links back to the parent", async () => {
    const { stateMachineArn } = await h.sfn.send(
      new CreateStateMachineCommand({
        name: 'Fan',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        definition: JSON.stringify({
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              Label: 'Items',
              ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Double', States: { Double: { Type: 'Pass', End: true } } },
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '[1, 2, 3]' }));
    for (;;) {
      const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const { page } = h;
    await page.goto(`${h.url}/execution?arn=${encodeURIComponent(executionArn!)}`);
    const runs = page.getByRole('region', { name: 'Map Runs' });
    await runs.locator('summary').filter({ hasText: '3 child executions' }).click();
    const links = runs.getByRole('link');
    await links.first().waitFor();
    assert.equal(await links.count(), 3);
    const childName = await links.first().innerText();
    await links.first().click();
    await page.getByRole('heading', { name: new RegExp(childName) }).waitFor();
    assert.match(decodeURIComponent(page.url()), new RegExp(`:execution:Fan/Items:${childName}$`));
    await page.locator('.crumbs').getByRole('link', { name: executionArn!.split(':').pop()! }).click();
    await page.getByRole('heading', { name: new RegExp(executionArn!.split(':').pop()!) }).waitFor();
  });
});
