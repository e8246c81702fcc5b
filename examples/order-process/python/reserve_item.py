"""Reserves one line item."""


def lambda_handler(event, context):
    item = event["item"]
    return {"sku": item["sku"], "quantity": item["quantity"], "reservationId": f"{event['orderId']}-{item['sku']}"}
