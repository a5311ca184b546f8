import type { Customer } from './types';

// GET /api/customers[/:id] answers with the customers domain's view (acquiredAt, leadSource as an object, phones
// as {e164, kind}); the console's cards share the screen pop's shape (customerSince, leadSource as a name,
// phones as {number, label}). One translation here keeps every view of a customer showing the same facts.
type Raw = Omit<Customer, 'customerSince' | 'leadSource' | 'phones'> & {
  customerSince?: string; acquiredAt?: string;
  leadSource?: string | { name: string } | null;
  phones?: Array<{ number?: string; e164?: string; label?: string | null; kind?: string }>;
};

export function toCustomer(raw: Raw): Customer {
  const { acquiredAt, phones, ...rest } = raw;
  return {
    ...rest,
    customerSince: raw.customerSince ?? acquiredAt ?? '',
    leadSource: raw.leadSource && typeof raw.leadSource === 'object' ? raw.leadSource.name : raw.leadSource ?? null,
    ...(phones ? { phones: phones.map((p) => ({ number: p.number ?? p.e164 ?? '', label: p.label ?? p.kind ?? null })) } : {}),
  };
}
