/** Reserves one line item; a plain JavaScript handler. */
export const handler = async ({ orderId, item }) => ({
  sku: item.sku,
  quantity: item.quantity,
  reservationId: `${orderId}-${item.sku}`,
});
