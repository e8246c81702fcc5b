"""Checks the order and prices it; reports stock instead of failing so the workflow can branch on it."""
from catalog import in_stock, price_of


class InvalidOrder(Exception):
    pass


def lambda_handler(order, context):
    items = order.get("items")
    if not order.get("orderId") or not isinstance(items, list) or not items:
        raise InvalidOrder("An order needs an orderId and at least one line item")
    unknown = [item["sku"] for item in items if price_of(item["sku"]) is None]
    if unknown:
        raise InvalidOrder("Unknown SKU: " + ", ".join(unknown))
    total = sum(price_of(item["sku"]) * item["quantity"] for item in items)
    missing = [item["sku"] for item in items if not in_stock(item)]
    return {**order, "total": total, "stock": {"available": not missing, "missing": missing}}
