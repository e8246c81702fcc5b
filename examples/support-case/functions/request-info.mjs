// Sends the customer the question (here: a log line). The execution waits on the task token
// until someone answers: the console's "Waiting for people" inbox, or
//   aws stepfunctions send-task-success --task-token … --task-output '{"details":"…"}'
export const handler = async ({ caseId, customer, question, taskToken }) => {
  console.log(`to ${customer}: about ${caseId}: ${question} (reply token ${taskToken.slice(0, 12)}…)`);
  return { asked: true };
};
