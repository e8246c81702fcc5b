/** Would send an e-mail; here it just says what it would send. */
export const handler = async (order) => ({
  to: order.customer.email,
  subject: `Order ${order.orderId} confirmed`,
});
