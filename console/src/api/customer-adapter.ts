import type { CustomerListItem } from '@contract/customers.schemas';

// GET /api/customers[/:id] answers with the customers domain's view (acquiredAt, leadSource as an object, phones
// as {e164, kind}); the console's cards share the screen pop's shape (customerSince, leadSource as a name,
// phones as {number, label}). One translation here keeps every view of a customer showing the same facts; its
// result type is derived from the server's schema, so a field the server stops sending fails the type check.
export function toCustomer(raw: CustomerListItem) {
  const { acquiredAt, leadSource, phones, ...rest } = raw;
  return {
    ...rest,
    customerSince: acquiredAt,
    leadSource: leadSource?.name ?? null,
    phones: phones.map((p) => ({ number: p.e164, label: p.kind })),
  };
}

export type Customer = ReturnType<typeof toCustomer>;
