"""
Charges the card. Test cards: 4000-0000-0000-0002 is always declined; 4000-0000-0000-0119 times
out on the first attempt (the state's Retry handles it); any other card is charged.
"""


class PaymentGatewayTimeout(Exception):
    pass


class PaymentDeclined(Exception):
    pass


# As in a warm Lambda environment, module state survives between invocations.
attempted = set()


def lambda_handler(order, context):
    if order["card"] == "4000-0000-0000-0002":
        raise PaymentDeclined(f"Card ending 0002 was declined for order {order['orderId']}")
    if order["card"] == "4000-0000-0000-0119" and order["orderId"] not in attempted:
        attempted.add(order["orderId"])
        raise PaymentGatewayTimeout("The payment gateway did not answer in time")
    return {"transactionId": f"txn-{order['orderId']}", "amount": order["total"]}
