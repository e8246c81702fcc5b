/** Compensation: refunds the charge when there was one, releases the reservations either way. */
export const handler = async (order) => ({
  refunded: order.payment?.amount ?? 0,
  released: (order.reservations ?? []).map((r) => r.reservationId),
  reason: order.error?.Error,
});
