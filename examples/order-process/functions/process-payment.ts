import type { Order } from '../lib/catalog.js';

class PaymentGatewayTimeout extends Error {
  override name = 'PaymentGatewayTimeout';
}

class PaymentDeclined extends Error {
  override name = 'PaymentDeclined';
}

// Like a warm Lambda container, module state survives between invocations of one run.
const attempted = new Set<string>();

/**
 * Test cards: `4000-0000-0000-0002` is always declined; `4000-0000-0000-0119` times out on the
 * first attempt (the state's Retry handles it); any other card is charged.
 */
export const handler = async (order: Order & { total: number }) => {
  if (order.card === '4000-0000-0000-0002') throw new PaymentDeclined(`Card ending 0002 was declined for order ${order.orderId}`);
  if (order.card === '4000-0000-0000-0119' && !attempted.has(order.orderId)) {
    attempted.add(order.orderId);
    throw new PaymentGatewayTimeout('The payment gateway did not answer in time');
  }
  return { transactionId: `txn-${order.orderId}`, amount: order.total };
};
