/** A stand-in for the inventory service the handlers would call. */
export interface LineItem {
  sku: string;
  quantity: number;
}

export interface Order {
  orderId: string;
  customer: { name: string; email: string };
  items: LineItem[];
  card: string;
}

const CATALOG: Record<string, { price: number; inStock: number }> = {
  'BOOK-001': { price: 12.5, inStock: 40 },
  'MUG-002': { price: 8, inStock: 12 },
  'LAMP-003': { price: 45, inStock: 0 },
};

export const priceOf = (sku: string): number | undefined => CATALOG[sku]?.price;

export const inStock = (item: LineItem): boolean => (CATALOG[item.sku]?.inStock ?? 0) >= item.quantity;
