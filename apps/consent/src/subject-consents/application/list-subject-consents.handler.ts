import { Injectable } from '@nestjs/common';
import type { Page, Principal } from '@dx/service-kit';
import {
  SubjectConsentQueries,
  type ConsentFilter,
  type ConsentListItem,
} from '../queries/subject-consent.queries';

export type { ConsentFilter, ConsentListItem };

/** Consent records with their history: operators and auditors see all, a provider its datasets'. */
@Injectable()
export class ListSubjectConsentsHandler {
  constructor(private readonly queries: SubjectConsentQueries) {}

  execute(q: ConsentFilter, caller: Principal): Promise<Page<ConsentListItem>> {
    const seesAll = caller.roles.includes('operator') || caller.roles.includes('auditor');
    return this.queries.list({ ...q, ...(seesAll ? {} : { providerId: caller.subject }) });
  }
}
