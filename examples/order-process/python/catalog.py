"""A stand-in for the inventory service the handlers would call."""

CATALOG = {
    "BOOK-001": {"price": 12.5, "in_stock": 40},
    "MUG-002": {"price": 8, "in_stock": 12},
    "LAMP-003": {"price": 45, "in_stock": 0},
}


def price_of(sku):
    item = CATALOG.get(sku)
    return item["price"] if item else None


def in_stock(item):
    return CATALOG.get(item["sku"], {}).get("in_stock", 0) >= item["quantity"]
