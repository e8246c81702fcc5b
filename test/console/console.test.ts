/**
 * The console in a real browser (Debian's Chromium through playwright-core) against a real
 * server: the support-case example's machine made through the AWS SDK, its graph, executions
 * started from the page and watched live to success and to failure, a failed state's error, a
 * redrive, a task approved in the inbox, a machine built in the designer, monitoring that moves,
 * a function invoked. Each page's screenshot lands in docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, DescribeExecutionCommand, DescribeStateMachineCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Page } from 'playwright-core';
import { browserSkipReason, repoRoot, startConsole, type ConsoleHarness } from './harness.js';

const skip = browserSkipReason();
const example = (file: string) => readFileSync(join(repoRoot(), 'examples', 'support-case', file), 'utf8');
const arnParam = (arn: string) => encodeURIComponent(arn);

async function statusOf(page: Page, state: string): Promise<string | null> {
  return page.locator(`.state-node[data-state="${state}"]`).getAttribute('data-status');
}

async function waitForStatus(page: Page, state: string, status: string): Promise<void> {
  try {
    await page.waitForSelector(`.state-node[data-state="${state}"][data-status="${status}"]`, { timeout: 30_000 });
  } catch (e) {
    await page.screenshot({ path: join(tmpdir(), `console-test-${state}-${status}.png`) });
    throw e;
  }
}

describe('the console in a browser', { skip, timeout: 240_000 }, () => {
  let h: ConsoleHarness;
  let machineArn: string;

  before(async () => {
    h = await startConsole({ functionsDir: join(repoRoot(), 'examples', 'support-case', 'functions') });
    const made = await h.sfn.send(new CreateStateMachineCommand({ name: 'SupportCase', definition: example('support-case.asl.json'), roleArn: 'arn:aws:iam::123456789012:role/support' }));
    machineArn = made.stateMachineArn!;
  });
  after(async () => {
    await h?.close();
    // resolve-case's markers of the CRM's one outage per urgent case.
    for (const f of readdirSync(tmpdir())) if (f.startsWith('support-case-crm-')) rmSync(join(tmpdir(), f), { force: true });
  });

  it('lists the machine made through the SDK and draws its graph', async () => {
    const { page } = h;
    await page.goto(`${h.url}/`);
    const row = page.locator('[data-machine="SupportCase"]');
    await row.waitFor();
    assert.match(await row.innerText(), /SupportCase\s+STANDARD\s+0\s+0\s+never run/);
    await h.shot('state-machines');
    await row.getByRole('link', { name: 'SupportCase' }).click();
    await page.waitForSelector('[data-laid-out="yes"]');
    for (const state of ['OpenCase', 'AssignAgent', 'WaitForCustomer', 'EnoughInformation', 'Resolve', 'WrapUp', 'SendSurvey', 'NotifyWatchers', 'Notify', 'CloseCase', 'Closed', 'CloseUnresolved']) {
      assert.equal(await page.locator(`.state-node[data-state="${state}"]`).count(), 1, `${state} is drawn`);
    }
    assert.equal(await page.locator('.group-node.container').count(), 2, 'WrapUp and NotifyWatchers are containers');
    assert.ok(await page.locator('.edge-label', { hasText: '$.customerReply.details is present' }).count(), 'the Choice rule is on its edge');
    assert.ok(await page.locator('.edge-label.catch').count(), 'the Catch edge is labelled');
    assert.match(await page.locator('pre[aria-label="Definition"]').innerText(), /"StartAt": "OpenCase"/);
    await h.shot('state-machine');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export SVG' }).click();
    const svg = readFileSync((await (await download).path())!, 'utf8');
    assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /WaitForCustomer/);
  });

  it('starts an execution from the page with checked JSON and watches it wait, then succeed after the inbox approves it', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Start execution' }).click();
    const form = page.getByRole('form', { name: 'Start execution' });
    await form.getByLabel('Name').fill('printer-jam');
    const input = form.getByLabel('Input');
    await input.fill('{"customer": ');
    assert.match(await form.locator('.field-error').innerText(), /line 1/);
    assert.equal(await form.getByRole('button', { name: 'Start' }).isDisabled(), true);
    await input.fill(example('inputs/printer-jam.json'));
    await form.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/execution\?arn=/);
    await waitForStatus(page, 'WaitForCustomer', 'running');
    assert.equal(await statusOf(page, 'OpenCase'), 'succeeded');
    assert.equal(await statusOf(page, 'AssignAgent'), 'retried', 'every agent was busy the first time');
    assert.equal(await statusOf(page, 'Resolve'), 'notReached');
    await h.shot('execution-waiting');
    const executionUrl = page.url();

    await page.getByRole('link', { name: 'Waiting for people' }).click();
    const card = page.locator('[data-task="WaitForCustomer"]');
    await card.waitFor();
    assert.match(await card.innerText(), /printer-jam/);
    assert.match(await card.locator('pre').innerText(), /"customer": "dana@example.com"/);
    await card.getByLabel('Result (sent with Approve)').fill('{"details": "Firmware 2.1; the tray light blinks"}');
    await h.shot('inbox');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.waitForSelector('[data-task="WaitForCustomer"]', { state: 'detached' });

    await page.goto(executionUrl);
    await waitForStatus(page, 'Closed', 'succeeded');
    await page.waitForSelector('h1 .status.succeeded');
    for (const state of ['WaitForCustomer', 'EnoughInformation', 'Resolve', 'WrapUp', 'SendSurvey', 'NotifyWatchers', 'Notify', 'CloseCase']) {
      assert.equal(await statusOf(page, state), 'succeeded', state);
    }
    assert.equal(await statusOf(page, 'CloseUnresolved'), 'notReached');
    await page.locator('.state-node[data-state="AssignAgent"]').focus();
    await page.keyboard.press('Enter');
    const details = page.getByTestId('state-details');
    assert.match(await details.innerText(), /Attempts \(1 retry\)[\s\S]*AgentsBusy/);
    await h.shot('execution-succeeded');
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = await page.locator('table.timeline').innerText();
    assert.match(timeline, /WrapUp[\s\S]*Branch 1[\s\S]*SendSurvey[\s\S]*Branch 2[\s\S]*NotifyWatchers[\s\S]*Iteration 0[\s\S]*Notify[\s\S]*Iteration 1/);
    await page.getByLabel('NotifyWatchers:').selectOption('1');
    assert.match(await page.locator('table.timeline').innerText(), /Iteration 0\s[^\n]*\n+Iteration 1[^\n]*\n+Notify/);
    await h.shot('execution-timeline');
    await page.getByRole('tab', { name: /Events/ }).click();
    assert.match(await page.locator('table.events').innerText(), /ExecutionSucceeded/);
  });

  it('watches an execution fail live, shows the failed state\'s error, and redrives it to success', async () => {
    const { page } = h;
    const started = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'urgent-crash', input: example('inputs/urgent-crash.json') }));
    await page.goto(`${h.url}/execution?arn=${arnParam(started.executionArn!)}`);
    await waitForStatus(page, 'WaitForCustomer', 'running');
    // Answered from elsewhere (an SDK, here): the page hears of it on the live stream.
    const token = await waitingToken(h, 'urgent-crash');
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ details: 'It crashes at start since 3.0' }) }));
    await waitForStatus(page, 'Resolve', 'failed');
    await page.waitForSelector('h1 .status.failed');
    assert.match(await page.locator('.execution-error').innerText(), /States\.TaskFailed|CrmUnavailable/);
    await page.locator('.state-node[data-state="Resolve"]').click();
    const details = page.getByTestId('state-details');
    assert.match(await details.innerText(), /CrmUnavailable[\s\S]*the CRM did not answer/);
    await h.shot('execution-failed');

    await page.getByRole('button', { name: 'Redrive' }).click();
    await waitForStatus(page, 'Closed', 'succeeded');
    await page.waitForSelector('h1 .status.succeeded');
    const after = await h.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    assert.equal(after.status, 'SUCCEEDED');
    assert.equal(after.redriveCount, 1);
    assert.match(await page.locator('main').innerText(), /redriven 1×/);
  });

  it('builds a three-state machine in the designer and saves it', async () => {
    const { page } = h;
    await page.goto(`${h.url}/`);
    await page.getByRole('link', { name: 'Create state machine' }).click();
    const canvas = page.getByTestId('state-graph');
    // One state dragged from the palette, two added from it with the keyboard.
    await page.locator('[data-palette="Pass"]').dragTo(canvas);
    await page.locator('.state-node[data-state="Pass"]').waitFor();
    await page.locator('[data-palette="Wait"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-palette="Succeed"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.state-node[data-state="Succeed"]').waitFor();
    // An unreachable state is an error the validator reports on the state itself.
    await page.waitForSelector('.state-node[data-state="Wait"].has-problem');
    assert.match(await page.getByRole('region', { name: 'Diagnostics' }).innerText(), /error/);

    // Pass → Wait by dragging from Pass's handle to Wait; Wait → Succeed in the form.
    await page.locator('.state-node[data-state="Pass"] .react-flow__handle-bottom').hover();
    await page.mouse.down();
    await page.locator('.state-node[data-state="Wait"]').hover();
    await page.locator('.state-node[data-state="Wait"] .react-flow__handle-top').hover();
    await page.mouse.up();
    await page.waitForFunction(() => (document.getElementById('asl') as HTMLTextAreaElement).value.includes('"Next": "Wait"'));
    await page.locator('.state-node[data-state="Wait"]').click();
    const form = page.getByRole('form', { name: 'State Wait' });
    await form.getByLabel('Next', { exact: true }).selectOption('Succeed');
    await form.getByLabel('Seconds', { exact: true }).fill('2');
    await page.waitForSelector('.has-problem', { state: 'detached' });
    const asl = JSON.parse(await page.locator('#asl').inputValue());
    assert.deepEqual(asl.States.Wait, { Type: 'Wait', Seconds: 2, Next: 'Succeed' });
    // The other way round: an edit of the ASL redraws the graph.
    asl.States.Wait.Comment = 'edited as text';
    asl.States.Succeed.Comment = 'the end';
    await page.locator('#asl').fill(JSON.stringify(asl, null, 2));
    await page.getByRole('heading', { name: 'No errors' }).waitFor();
    await page.getByLabel('State machine name').fill('ThreeSteps');
    await h.shot('designer');
    await page.getByRole('button', { name: 'Create and publish version' }).click();
    await page.waitForURL(/\/state-machine\?arn=/);
    const made = await h.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${machineArn.replace(/SupportCase$/, 'ThreeSteps')}` }));
    const saved = JSON.parse(made.definition!);
    assert.deepEqual(Object.keys(saved.States), ['Pass', 'Wait', 'Succeed']);
    assert.equal(saved.StartAt, 'Pass');
    assert.deepEqual(saved.States.Pass, { Type: 'Pass', Next: 'Wait' });
    assert.equal(saved.States.Wait.Comment, 'edited as text');
    await page.getByRole('tab', { name: 'Versions and aliases' }).click();
    await page.locator('td', { hasText: /^1$/ }).first().waitFor();
  });

  it('shows monitoring numbers that change as executions end', async () => {
    const { page } = h;
    await page.goto(`${h.url}/monitoring`);
    const started = page.locator('[data-metric="Started"] dd');
    await started.waitFor();
    const before = Number(await started.innerText());
    assert.ok(before >= 2, `at least the two support cases: ${before}`);
    assert.ok(Number(await page.locator('[data-metric="Failed"] dd').innerText()) >= 1, 'the failure before the redrive counts');
    assert.match(await page.locator('table.hotspots').innerText(), /Resolve[\s\S]*CrmUnavailable/);
    const three = `${machineArn.replace(/SupportCase$/, 'ThreeSteps')}`;
    await h.sfn.send(new StartExecutionCommand({ stateMachineArn: three, input: '{}' }));
    await h.sfn.send(new StartExecutionCommand({ stateMachineArn: three, input: '{}' }));
    await page.waitForFunction((n) => Number(document.querySelector('[data-metric="Started"] dd')?.textContent) >= n + 2, before, { timeout: 20_000 });
    await h.shot('monitoring');
  });

  it('lists executions with filters, and pages through them', async () => {
    const { page } = h;
    await page.goto(`${h.url}/executions`);
    await page.locator('[data-execution="printer-jam"]').waitFor();
    await page.getByLabel('Name').fill('urgent');
    await page.waitForSelector('[data-execution="printer-jam"]', { state: 'detached' });
    assert.equal(await page.locator('[data-execution="urgent-crash"]').count(), 1);
    await page.getByLabel('Name').fill('');
    await page.getByLabel('Status').selectOption('SUCCEEDED');
    await page.locator('[data-execution="printer-jam"]').waitFor();
    await h.shot('executions');
  });

  it('invokes a function with a test event and shows the result and its log', async () => {
    const { page } = h;
    await page.goto(`${h.url}/functions`);
    await page.locator('[data-function="open-case"]').waitFor();
    assert.equal(await page.locator('[data-function]').count(), 6);
    await page.getByRole('link', { name: 'open-case' }).click();
    await page.getByLabel('Test event').fill('{"customer": "sam@example.com", "subject": "Login fails", "caseId": "CASE-TEST"}');
    await page.getByRole('button', { name: 'Invoke' }).click();
    const result = page.getByTestId('invoke-result');
    await result.waitFor();
    assert.match(await result.innerText(), /Succeeded[\s\S]*"caseId": "CASE-TEST"[\s\S]*REPORT RequestId/);
    await page.getByLabel('Test event').fill('{}');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await page.waitForFunction(() => /InvalidRequest/.test(document.querySelector('[data-testid="invoke-result"]')?.textContent ?? ''));
    await h.shot('function');
  });
});

/** The task token the named execution waits on, as the console's inbox lists it. */
async function waitingToken(h: ConsoleHarness, executionName: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${h.url}/console/api/inbox`);
    const { tasks } = (await res.json()) as { tasks: { taskToken: string; executionName: string }[] };
    const task = tasks.find((t) => t.executionName === executionName);
    if (task) return task.taskToken;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${executionName} never waited on a token`);
}
