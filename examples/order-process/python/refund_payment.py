"""Compensation: refunds the charge when there was one, releases the reservations either way."""


def lambda_handler(order, context):
    return {
        "refunded": (order.get("payment") or {}).get("amount", 0),
        "released": [r["reservationId"] for r in order.get("reservations") or []],
        "reason": (order.get("error") or {}).get("Error"),
    }
