"""Would send an e-mail; here it just says what it would send."""


def lambda_handler(order, context):
    return {"to": order["customer"]["email"], "subject": f"Order {order['orderId']} confirmed"}
