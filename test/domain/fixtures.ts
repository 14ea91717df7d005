import type { CampaignDefinitionInput, Candidate, Nomination } from '../../domain';

/** The campaign definition example of API.md, verbatim. */
export const apiExample: CampaignDefinitionInput = {
  id: 'yiwu-2027',
  name: '义乌市第三届社区两委换届选举',
  timezone: 'Asia/Shanghai',
  locale: 'zh-CN',
  coordinators: ['org2@example.gov.cn'],
  calendar: {
    'guidance-group': '2027-08-08',
    'election-plan': '2027-08-12',
    'election-committee': '2027-08-15',
    training: '2027-08-25',
    'voter-registration': '2027-09-10',
    nomination: '2027-09-20',
    'party-election': '2027-09-25',
    'residents-election': '2027-10-10',
    handover: '2027-10-20',
  },
  reminders: ['P7D', 'P3D', 'P1D', 'PT0S'],
  escalation: { leader: 'PT0S', coordinators: 'P3D', repeat: 'P3D', atRisk: 'P7D' },
  policy: { directQuota: 0.5, voterListLeadDays: 20 },
  streets: [
    {
      id: 'choucheng',
      name: '稠城街道',
      officeEmail: 'office@choucheng.example.gov.cn',
      leaderEmail: 'secretary@choucheng.example.gov.cn',
      communities: [{ id: 'xiuhu', name: '绣湖社区', households: 1800, temporaryResidents: 4200 }],
    },
  ],
};

export const PARTY_DAY = '2027-09-25';
export const RESIDENTS_DAY = '2027-10-10';

/** A birth date making someone exactly `age` on `day` (their birthday), shifted by `days`. */
export function bornAged(age: number, day: string, days = 0): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function candidate(id: string, fields: Partial<Candidate> = {}): Candidate {
  return {
    id,
    name: `Candidate ${id}`,
    gender: 'male',
    birthDate: bornAged(40, RESIDENTS_DAY),
    education: 'bachelor',
    incumbent: false,
    partyMember: true,
    nomination: 'joint',
    ...fields,
  };
}

export function candidates(prefix: string, n: number): Candidate[] {
  return Array.from({ length: n }, (_, i) => candidate(`${prefix}${i + 1}`));
}

/** The day the fixtures' formal candidate list is published: exactly the 5 days' lead. */
const LIST_PUBLISHED = '2027-10-05';

/**
 * Passes every nomination rule: 5 seats and 6 candidates on each slate, two women among the
 * residents' candidates (one seat is reserved for a woman), the list published 5 days before
 * the residents' election and the departure audit the day before it.
 */
export function validNomination(): Nomination {
  const residents = candidates('r', 6);
  residents[4] = candidate('r5', { gender: 'female' });
  residents[5] = candidate('r6', { gender: 'female' });
  return {
    party: { seats: 5, candidates: candidates('p', 6) },
    residents: { seats: 5, candidates: residents },
    publishedOn: LIST_PUBLISHED,
    departureAudit: { publishedOn: '2027-10-09' },
  };
}
