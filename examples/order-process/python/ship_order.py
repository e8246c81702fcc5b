"""Books the shipment."""


def lambda_handler(order, context):
    return {"carrier": "PostNL", "trackingNumber": f"TRACK-{order['orderId']}"}
