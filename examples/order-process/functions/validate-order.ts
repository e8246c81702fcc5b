import { inStock, priceOf, type Order } from '../lib/catalog.js';

class InvalidOrder extends Error {
  override name = 'InvalidOrder';
}

/** Checks the order and prices it; reports stock instead of failing so the workflow can branch on it. */
export const handler = async (order: Order) => {
  if (!order.orderId || !Array.isArray(order.items) || order.items.length === 0) {
    throw new InvalidOrder('An order needs an orderId and at least one line item');
  }
  const unknown = order.items.filter((item) => priceOf(item.sku) === undefined);
  if (unknown.length > 0) throw new InvalidOrder(`Unknown SKU: ${unknown.map((i) => i.sku).join(', ')}`);
  const total = order.items.reduce((sum, item) => sum + (priceOf(item.sku) ?? 0) * item.quantity, 0);
  const missing = order.items.filter((item) => !inStock(item)).map((item) => item.sku);
  return { ...order, total, stock: { available: missing.length === 0, missing } };
};
