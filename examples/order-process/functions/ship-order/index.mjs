/** A function in a folder with an index file, as deployed Lambda bundles often are. */
export default async function ship(order) {
  return { carrier: 'PostNL', trackingNumber: `TRACK-${order.orderId}` };
}
