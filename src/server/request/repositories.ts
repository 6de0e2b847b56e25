import { AuditLog } from '../../audit/audit-log.js';
import { CareRecordContactRepository } from '../../care-records/care-record-contacts.js';
import { CaseNoteRepository } from '../../casework/case-note-repository.js';
import { TaskRepository } from '../../casework/task-repository.js';
import { CustomerRepository } from '../../customers/customer-repository.js';
import { EquipmentOrderRepository } from '../../equipment/equipment-order-repository.js';
import { InboxRepository } from '../../inbox/inbox-repository.js';
import { OnwardReferralRepository } from '../../onward/onward-referral-repository.js';
import { HubFigures } from '../../performance/ports.js';
import { OrganisationRepository } from '../../organisations/organisation-repository.js';
import { ReferralRepository } from '../../referrals/referral-repository.js';
import type { SqlExecutor } from '../../store/database.js';

/** One repository per aggregate, all over the same executor (the pool, or one transaction). */
export interface Repositories {
  customers: CustomerRepository;
  referrals: ReferralRepository;
  equipmentOrders: EquipmentOrderRepository;
  organisations: OrganisationRepository;
  auditLog: AuditLog;
  inbox: InboxRepository;
  careRecordContacts: CareRecordContactRepository;
  caseNotes: CaseNoteRepository;
  tasks: TaskRepository;
  onwardReferrals: OnwardReferralRepository;
  hubFigures: HubFigures;
}

export function createRepositories(db: SqlExecutor): Repositories {
  return {
    customers: new CustomerRepository(db),
    referrals: new ReferralRepository(db),
    equipmentOrders: new EquipmentOrderRepository(db),
    organisations: new OrganisationRepository(db),
    auditLog: new AuditLog(db),
    inbox: new InboxRepository(db),
    careRecordContacts: new CareRecordContactRepository(db),
    caseNotes: new CaseNoteRepository(db),
    tasks: new TaskRepository(db),
    onwardReferrals: new OnwardReferralRepository(db),
    hubFigures: new HubFigures(db),
  };
}
