import { Injectable } from '@nestjs/common';
import { hashPassword } from '@samraad/auth';
import type { CaseRole, UserRole } from '@samraad/domain';
import { addDays, localDateOf } from '@samraad/domain';
import { CasesRepository, InterventionsRepository, type OrganisationKind, OrganisationsRepository, TransactionHost, UsersRepository } from '@samraad/persistence';
import { FollowUpService } from '../modules/follow-up/follow-up.service.js';

export const DEMO_MUNICIPALITY = 'Demo Kommune';
export const DEMO_PASSWORD = 'samraad-demo';
export const DEMO_DOMAIN = 'samraad.example';

/** The demo accounts: `<key>@samraad.example`, one per role. */
const DEMO_USERS: { key: string; role: UserRole; displayName: string; org: OrganisationKind | null }[] = [
  { key: 'caseworker', role: 'caseworker', displayName: 'Sara Sagsbehandler (demo)', org: 'department' },
  { key: 'teamleader', role: 'team_leader', displayName: 'Tove Teamleder (demo)', org: 'department' },
  { key: 'school', role: 'school', displayName: 'Lars Lærer (demo)', org: 'school' },
  { key: 'daycare', role: 'daycare', displayName: 'Pia Pædagog (demo)', org: 'daycare' },
  { key: 'healthvisitor', role: 'health_visitor', displayName: 'Hanne Sundhedsplejerske (demo)', org: 'health_visitor_service' },
  { key: 'provider', role: 'provider', displayName: 'Frederik Familiebehandler (demo)', org: 'provider' },
  { key: 'parent', role: 'parent', displayName: 'Mette Mor (demo)', org: null },
  { key: 'child', role: 'child', displayName: 'Emil (demo)', org: null },
  { key: 'admin', role: 'admin', displayName: 'Anders Administrator (demo)', org: 'department' },
];

const DEMO_ORGANISATIONS: { kind: OrganisationKind; name: string }[] = [
  { kind: 'department', name: 'Børne- og Familieafdelingen (demo)' },
  { kind: 'school', name: 'Solskolen (demo)' },
  { kind: 'daycare', name: 'Børnehuset Mælkebøtten (demo)' },
  { kind: 'health_visitor_service', name: 'Sundhedsplejen (demo)' },
  { kind: 'provider', name: 'Familiehuset (demo)' },
];

export interface SeedResult {
  created: boolean;
  emails: string[];
}

/**
 * Seeds a demo municipality so a fresh clone has something to log in to. Idempotent: it does
 * nothing when the demo municipality exists. Never runs against PostgreSQL unless SEED_DEMO=true.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly cases: CasesRepository,
    private readonly interventions: InterventionsRepository,
    private readonly followUps: FollowUpService,
    private readonly tx: TransactionHost,
  ) {}

  async seed(): Promise<SeedResult> {
    const emails = DEMO_USERS.map((user) => `${user.key}@${DEMO_DOMAIN}`);
    if (await this.organisations.findMunicipalityByName(DEMO_MUNICIPALITY)) return { created: false, emails };
    const passwordHash = await hashPassword(DEMO_PASSWORD);

    await this.tx.run(async () => {
      const municipality = await this.organisations.createMunicipality(DEMO_MUNICIPALITY);
      const orgIds = new Map<OrganisationKind, string>();
      for (const org of DEMO_ORGANISATIONS) orgIds.set(org.kind, (await this.organisations.create(municipality.id, org.name, org.kind)).id);

      const ids = new Map<string, string>();
      for (const user of DEMO_USERS) {
        const created = await this.users.create({
          municipalityId: municipality.id,
          organisationId: user.org ? orgIds.get(user.org)! : null,
          email: `${user.key}@${DEMO_DOMAIN}`,
          displayName: user.displayName,
          role: user.role,
          passwordHash,
          locale: 'da',
        });
        ids.set(user.key, created.id);
      }

      // Each demo case has a running intervention, so the overview shows real follow-up dates:
      // Emil's first follow-up (§ 95: three months after the start) is ahead, Ida's is overdue.
      const today = localDateOf(new Date());
      const newCase = async (childName: string, childBirthDate: string, members: [string, CaseRole][], intervention: { title: string; purpose: string; startedDaysAgo: number }) => {
        const created = await this.cases.create({
          municipalityId: municipality.id,
          organisationId: orgIds.get('department')!,
          ownerId: ids.get('caseworker')!,
          childName,
          childBirthDate,
          childBirthYear: null,
          followUpIntervalMonths: 3,
        });
        await this.cases.addMember(created.id, ids.get('caseworker')!, 'caseworker', null);
        for (const [key, role] of members) await this.cases.addMember(created.id, ids.get(key)!, role, ids.get('caseworker')!);
        await this.interventions.create({
          caseId: created.id,
          title: intervention.title,
          purpose: intervention.purpose,
          providerOrganisationId: orgIds.get('provider')!,
          startDate: addDays(today, -intervention.startedDaysAgo),
          investigationEndDate: null,
          createdBy: ids.get('caseworker')!,
        });
        await this.followUps.recompute(created.id);
      };
      await newCase(
        'Emil (demo)',
        '2014-05-12',
        [
          ['school', 'school'],
          ['healthvisitor', 'health_visitor'],
          ['provider', 'provider'],
          ['parent', 'parent'],
          ['child', 'child'],
        ],
        { title: 'Forældrestøtte i hjemmet (demo)', purpose: 'Faste morgenrutiner og trivsel i skolen', startedDaysAgo: 45 },
      );
      await newCase('Ida (demo)', '2021-09-03', [['daycare', 'daycare']], { title: 'Støtte i dagtilbud (demo)', purpose: 'Sprog og leg med andre børn', startedDaysAgo: 100 });
    });
    return { created: true, emails };
  }
}
