import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxLengthOf } from '../../../console/src/forms/schema-limits';
import { TEXT_LIMITS } from '../../../console/src/forms/text-limits';
import { CampaignBody } from '../../../server/contract/campaigns.schemas';
import { LoginBody } from '../../../server/contract/auth.schemas';
import { NewPassword } from '../../../server/contract/users.schemas';
import { CreateCustomerBody, SearchQuery } from '../../../server/contract/customers.schemas';
import { TransferBody } from '../../../server/contract/agents.schemas';
import { OperationalQuery } from '../../../server/contract/reports.schemas';
import { WrapupBody } from '../../../server/contract/wrapups.schemas';
import { AuditQuery } from '../../../server/contract/audit.schemas';
import { OriginateBody } from '../../../server/contract/calls.schemas';

// Issue #22.4: every text input is bounded by the server's own limit. Catches: a limit written in the console that
// drifted from the schema, and a new text input with no maxlength at all.
describe('text limits', () => {
  it('reads maxLength through nested objects, arrays and optional/nullable unions', () => {
    expect(maxLengthOf(CampaignBody, 'name')).toBe(200);
    expect(maxLengthOf(CampaignBody, 'offer.terms')).toBe(4000);
    expect(maxLengthOf(CreateCustomerBody, 'phones.0.number')).toBe(64);
    expect(maxLengthOf(CreateCustomerBody, 'company')).toBe(200);
    expect(maxLengthOf(CampaignBody, 'nope.deeper')).toBeUndefined();
  });

  it('written-out limits equal the schema they stand for', () => {
    const transferQueue = TransferBody.properties.target.anyOf[1]!;
    const transferNumber = TransferBody.properties.target.anyOf[2]!;
    expect(TEXT_LIMITS).toMatchObject({
      loginUsername: maxLengthOf(LoginBody, 'username'), password: NewPassword.maxLength,
      dialNumber: maxLengthOf(OriginateBody, 'number'), transferNumber: maxLengthOf(transferNumber, 'number'), transferQueue: maxLengthOf(transferQueue, 'queue'),
      customerSearch: maxLengthOf(SearchQuery, 'q'), customerTag: maxLengthOf(SearchQuery, 'tag'), customerRegion: maxLengthOf(SearchQuery, 'region'),
      auditAction: maxLengthOf(AuditQuery, 'action'), auditTarget: maxLengthOf(AuditQuery, 'target'), reportQueue: maxLengthOf(OperationalQuery, 'queue'),
      wrapupNotes: maxLengthOf(WrapupBody, 'notes'), wrapupCaseSubject: maxLengthOf(WrapupBody, 'case.subject'), wrapupCaseAgreed: maxLengthOf(WrapupBody, 'case.agreed'),
      wrapupTaskNote: maxLengthOf(WrapupBody, 'task.note'), wrapupRefusalNote: maxLengthOf(WrapupBody, 'offer.refusalReason'),
    });
    expect(maxLengthOf(LoginBody, 'password')).toBe(TEXT_LIMITS.password);
  });

  it('every text input and textarea of the console has a maxlength', () => {
    const files: string[] = [];
    const walk = (dir: string) => { for (const f of readdirSync(dir)) { const p = join(dir, f); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.vue')) files.push(p); } };
    walk('console/src');
    const unbounded: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/<(input|textarea)\b[^>]*>/g)) {
        const tag = m[0];
        if (/type="(number|checkbox|radio|date|datetime-local|time|file|color|range|month|week)"/.test(tag)) continue;
        if (!/\s:?maxlength=/.test(tag)) unbounded.push(`${file}: ${tag.slice(0, 90)}`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});
