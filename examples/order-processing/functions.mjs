/**
 * The order-processing workflow's steps as in-process functions: price the order, then for each
 * line check the stock, reserve it and pack it, then create the shipment. The catalogue and its
 * stock live in memory, so they reset when the server restarts.
 */
import { createHash } from 'node:crypto';

/** sku → product; `stock` is what the warehouse holds, less what orders have reserved. */
const catalogue = new Map([
  ['book', { name: 'Designing Event-Driven Systems', priceCents: 3499, weightGrams: 650, stock: 25 }],
  ['mug', { name: 'Baton mug', priceCents: 1200, weightGrams: 350, stock: 40 }],
  ['lamp', { name: 'Desk lamp', priceCents: 4599, weightGrams: 1800, stock: 2 }],
]);

/** Orders from this subtotal up ship free. */
const FREE_SHIPPING_FROM_CENTS = 5000;
const SHIPPING_CENTS = 495;
const PACKAGING_GRAMS = 100;

function failure(name, message) {
  return Object.assign(new Error(message), { name });
}

function productOf(sku) {
  const product = catalogue.get(sku);
  if (!product) throw failure('UnknownProduct', `No product with SKU '${sku}'`);
  return product;
}

/** Prices every line from the catalogue and adds shipping. */
export function calculateTotal({ items }) {
  if (!Array.isArray(items) || items.length === 0) throw failure('InvalidOrder', 'The order has no items');
  const lines = items.map(({ sku, quantity }) => {
    if (!Number.isInteger(quantity) || quantity < 1)
      throw failure('InvalidOrder', `The quantity of ${sku} must be a positive integer`);
    const { name, priceCents } = productOf(sku);
    return { sku, name, quantity, unitPriceCents: priceCents, lineTotalCents: priceCents * quantity };
  });
  const subtotalCents = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
  const shippingCents = subtotalCents >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
  return { lines, subtotalCents, shippingCents, totalCents: subtotalCents + shippingCents };
}

/** How many of a line's product the warehouse can give it now. */
export function checkAvailability({ item }) {
  const { stock } = productOf(item.sku);
  return { inStock: stock, available: stock >= item.quantity };
}

/**
 * Orders and lines already reserved: `orderId#line` is the idempotency key, so a task retried
 * after a crash does not take the stock twice.
 */
const reservations = new Set();

/** Takes a line's quantity out of stock; another order may have taken it since the check. */
export function reserveItem({ orderId, line, item }) {
  const key = `${orderId}#${line}`;
  const product = productOf(item.sku);
  if (!reservations.has(key)) {
    if (product.stock < item.quantity)
      throw failure('OutOfStock', `${item.quantity} × ${item.sku} wanted, ${product.stock} left`);
    product.stock -= item.quantity;
    reservations.add(key);
  }
  return { reservation: key, stockLeft: product.stock };
}

/** Packs a line: its weight with packaging decides the box. */
export function packItem({ line, item }) {
  const weightGrams = productOf(item.sku).weightGrams * item.quantity + PACKAGING_GRAMS;
  const box = weightGrams <= 1000 ? 'S' : weightGrams <= 5000 ? 'M' : 'L';
  return { line, sku: item.sku, quantity: item.quantity, status: 'PACKED', parcel: { box, weightGrams } };
}

/** Derived from the order and its parcels, so shipping the same order again gives the same id. */
function trackingIdOf(orderId, packed) {
  const digest = createHash('sha256')
    .update(JSON.stringify([orderId, packed]))
    .digest('hex');
  return `TRK-${digest.slice(0, 12).toUpperCase()}`;
}

/** Ships the packed lines as one consignment; backordered lines are listed for a later one. */
export function createShipment({ orderId, address, pricing, fulfilment }) {
  const packed = fulfilment.filter((line) => line.status === 'PACKED');
  const backordered = fulfilment.filter((line) => line.status === 'BACKORDERED');
  const shipment =
    packed.length === 0
      ? null
      : {
          trackingId: trackingIdOf(orderId, packed),
          country: address?.country ?? 'unknown',
          parcels: packed.map((line) => line.parcel),
          weightGrams: packed.reduce((sum, line) => sum + line.parcel.weightGrams, 0),
        };
  return {
    orderId,
    totalCents: pricing.totalCents,
    status: backordered.length === 0 ? 'SHIPPED' : packed.length === 0 ? 'BACKORDERED' : 'PARTIALLY_SHIPPED',
    shipped: packed.map(({ sku, quantity }) => ({ sku, quantity })),
    backordered: backordered.map(({ sku, quantity }) => ({ sku, quantity })),
    shipment,
  };
}
