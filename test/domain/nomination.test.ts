import {
  checkNomination,
  defaultPolicy,
  teamOf,
  teamSizeWarning,
  type Candidate,
  type Nomination,
  type NominationContext,
  type PartyOrganisation,
  type Policy,
  type Slate,
} from '../../domain';
import { PARTY_DAY, RESIDENTS_DAY, bornAged, candidate, candidates, validNomination } from './fixtures';

const policy = defaultPolicy();
const context: NominationContext = {
  partyElectionDay: PARTY_DAY,
  residentsElectionDay: RESIDENTS_DAY,
  partyOrganisation: 'general-branch',
  policy,
};

interface Found {
  rule: string;
  path: string;
  warning?: true;
}

function check(nomination: Nomination, changes: Partial<NominationContext> = {}): Found[] {
  return checkNomination(nomination, { ...context, ...changes }).map(({ rule, path, warning }) => ({
    rule,
    path,
    ...(warning && { warning }),
  }));
}

/** The valid nomination with its first residents (or party) candidate replaced. */
function withCandidate(fields: Partial<Candidate>, slate: 'residents' | 'party' = 'residents'): Nomination {
  const nomination = validNomination();
  const day = slate === 'party' ? PARTY_DAY : RESIDENTS_DAY;
  nomination[slate].candidates[0] = candidate('x1', { birthDate: bornAged(40, day), ...fields });
  return nomination;
}

const aged = (age: number, days = 0) => bornAged(age, RESIDENTS_DAY, days);

/** A residents' slate of men and `women` women (the last ones). */
function residents(seats: number, count: number, women = 2): Slate {
  const list = candidates('c', count).map((c, i) => (i >= count - women ? { ...c, gender: 'female' as const } : c));
  return { seats, candidates: list };
}

const party = (seats: number, count: number): Slate => ({ seats, candidates: candidates('q', count) });

describe('checkNomination', () => {
  it('accepts a valid nomination', () => {
    expect(check(validNomination())).toEqual([]);
  });

  describe('candidate eligibility on election day (ages to the day, 以下 includes the number)', () => {
    const age = [{ rule: 'eligibility-age', path: 'residents.candidates.0.birthDate' }];
    it.each<[string, Partial<Candidate>, Found[]]>([
      ['new male 51 on his birthday', { gender: 'male', birthDate: aged(51) }, []],
      ['new male turning 52 the day after', { gender: 'male', birthDate: aged(52, 1) }, []],
      ['new male 52 on his birthday', { gender: 'male', birthDate: aged(52) }, age],
      ['new male who turned 52 the day before', { gender: 'male', birthDate: aged(52, -1) }, age],
      ['new female 46 on her birthday', { gender: 'female', birthDate: aged(46) }, []],
      ['new female turning 47 the day after', { gender: 'female', birthDate: aged(47, 1) }, []],
      ['new female 47 on her birthday', { gender: 'female', birthDate: aged(47) }, age],
      ['incumbent male 54 on his birthday', { gender: 'male', incumbent: true, birthDate: aged(54) }, []],
      ['incumbent male turning 55 the day after', { gender: 'male', incumbent: true, birthDate: aged(55, 1) }, []],
      ['incumbent male 55 on his birthday', { gender: 'male', incumbent: true, birthDate: aged(55) }, age],
      ['incumbent female 49 on her birthday', { gender: 'female', incumbent: true, birthDate: aged(49) }, []],
      ['incumbent female turning 50 the day after', { gender: 'female', incumbent: true, birthDate: aged(50, 1) }, []],
      ['incumbent female 50 on her birthday', { gender: 'female', incumbent: true, birthDate: aged(50) }, age],
      ['18 on the birthday', { birthDate: aged(18) }, []],
      ['turning 18 the day after', { birthDate: aged(18, 1) }, [{ rule: 'adult', path: 'residents.candidates.0.birthDate' }]],
      ['non-member on the residents slate', { partyMember: false }, []],
    ])('%s', (_, fields, expected) => {
      expect(check(withCandidate(fields))).toEqual(expected);
    });

    it('takes party candidates’ ages on the party election day', () => {
      // 47 on the residents' day, still 46 on the earlier party day.
      const birthDate = bornAged(47, RESIDENTS_DAY);
      expect(check(withCandidate({ gender: 'female', birthDate }, 'party'))).toEqual([]);
      expect(check(withCandidate({ gender: 'female', birthDate }))).toEqual([
        { rule: 'eligibility-age', path: 'residents.candidates.0.birthDate' },
      ]);
      expect(check(withCandidate({ birthDate: bornAged(52, PARTY_DAY) }, 'party'))).toEqual([
        { rule: 'eligibility-age', path: 'party.candidates.0.birthDate' },
      ]);
    });

    it('refuses a party candidate who is not a full member', () => {
      expect(check(withCandidate({ partyMember: false }, 'party'))).toEqual([
        { rule: 'party-member', path: 'party.candidates.0.partyMember' },
      ]);
    });

    it('says why, with the numbers', () => {
      const [violation] = checkNomination(withCandidate({ gender: 'female', birthDate: aged(47) }), context);
      expect(violation.message).toBe("candidate 'x1' (new, female) is 47 on 2027-10-10; must be at most 46");
    });
  });

  describe('education: firm for incumbents, "generally" for new members', () => {
    const education = 'residents.candidates.0.education';
    it.each<[string, Partial<Candidate>, Policy, Found[]]>([
      ['new with senior high', { education: 'senior-high' }, policy, []],
      ['new with vocational school', { education: 'vocational' }, policy, []],
      ['new with junior high: a warning', { education: 'junior-high' }, policy, [{ rule: 'eligibility-education', path: education, warning: true }]],
      [
        'new with junior high, the pack making it a refusal',
        { education: 'junior-high' },
        defaultPolicy({ newMemberEducation: 'refusal' }),
        [{ rule: 'eligibility-education', path: education }],
      ],
      ['incumbent with junior high', { education: 'junior-high', incumbent: true }, policy, []],
      ['incumbent with primary school: a refusal', { education: 'primary', incumbent: true }, policy, [{ rule: 'eligibility-education', path: education }]],
    ])('%s', (_, fields, pack, expected) => {
      expect(check(withCandidate(fields), { policy: pack })).toEqual(expected);
    });

    it('says a new member’s education is expected, not required', () => {
      const [warning] = checkNomination(withCandidate({ education: 'junior-high' }), context);
      expect(warning.message).toBe("candidate 'x1' (new, male) has junior-high education; senior-high or above is expected");
    });
  });

  describe('Party seats by the community’s Party organisation, and competition', () => {
    const seats = [{ rule: 'seats', path: 'party.seats' }];
    const competitive = [{ rule: 'competitive', path: 'party.candidates' }];
    const team = { rule: 'team-size', path: 'residents.seats', warning: true as const };
    it.each<[PartyOrganisation, number, number, Found[]]>([
      ['branch', 2, 3, seats],
      ['branch', 3, 3, competitive],
      ['branch', 3, 4, []],
      ['branch', 5, 6, []],
      ['branch', 6, 8, seats],
      ['general-branch', 4, 5, seats],
      ['general-branch', 5, 5, competitive],
      ['general-branch', 5, 6, []],
      // 20% of 6 is 1.2, rounded up to 2.
      ['general-branch', 6, 7, competitive],
      ['general-branch', 6, 8, []],
      ['general-branch', 7, 9, []],
      ['general-branch', 8, 10, [...seats, team]],
      ['committee', 4, 5, seats],
      ['committee', 5, 6, []],
      ['committee', 8, 10, [team]],
      ['committee', 9, 10, [...competitive, team]],
      ['committee', 9, 11, [team]],
      ['committee', 10, 12, [...seats, team]],
    ])('a Party %s with %d seats and %d candidates', (partyOrganisation, n, count, expected) => {
      expect(check({ ...validNomination(), party: party(n, count) }, { partyOrganisation })).toEqual(expected);
    });

    it('names the organisation and its range', () => {
      const nomination = { ...validNomination(), party: party(6, 8) };
      expect(checkNomination(nomination, { ...context, partyOrganisation: 'branch' })[0].message).toBe(
        '6 seats; the Party branch has 3 to 5',
      );
    });

    it('follows the pack: a 50% party margin needs 8 candidates for 5 seats', () => {
      const strict = { ...context, policy: defaultPolicy({ partyCompetitiveMargin: 0.5 }) };
      const nomination = { ...validNomination(), party: party(5, 7) };
      expect(checkNomination(nomination, strict).map((v) => v.message)).toEqual([
        '7 candidates for 5 seats; at least 8 required',
      ]);
    });
  });

  describe('Residents’ Committee seats and competition', () => {
    const team = { rule: 'team-size', path: 'residents.seats', warning: true as const };
    it.each<[string, Slate, Found[]]>([
      ['4 seats', residents(4, 5), [{ rule: 'seats', path: 'residents.seats' }]],
      ['5 seats, 5 candidates', residents(5, 5), [{ rule: 'competitive', path: 'residents.candidates' }]],
      ['5 seats, 6 candidates', residents(5, 6), []],
      ['9 seats, 10 candidates', residents(9, 10), [team]],
      ['10 seats', residents(10, 11), [{ rule: 'seats', path: 'residents.seats' }, team]],
    ])('%s', (_, slate, expected) => {
      expect(check({ ...validNomination(), residents: slate })).toEqual(expected);
    });
  });

  describe('women-member: a seat reserved for a woman, and more women standing than reserved seats', () => {
    const women = [{ rule: 'women-member', path: 'residents.candidates' }];
    it.each<[string, number, Policy, Found[]]>([
      ['no woman', 0, policy, women],
      ['as many women as reserved seats (1)', 1, policy, women],
      ['2 women for 1 reserved seat', 2, policy, []],
      ['2 women for 2 reserved seats', 2, defaultPolicy({ reservedWomenSeats: 2 }), women],
      ['3 women for 2 reserved seats', 3, defaultPolicy({ reservedWomenSeats: 2 }), []],
      ['no woman, no seat reserved', 0, defaultPolicy({ reservedWomenSeats: 0 }), []],
    ])('%s', (_, count, pack, expected) => {
      expect(check({ ...validNomination(), residents: residents(5, 7, count) }, { policy: pack })).toEqual(expected);
    });

    it('says how many must stand', () => {
      const nomination = { ...validNomination(), residents: residents(5, 7, 1) };
      expect(checkNomination(nomination, context)[0].message).toBe(
        '1 women among the candidates; 1 seat(s) are reserved for women, so at least 2 must stand',
      );
    });
  });

  describe('candidate-list-lead: the formal list published at least 5 days before the residents’ election', () => {
    it.each<[string, number, Found[]]>([
      ['2027-09-20', 20, []],
      ['2027-10-05', 5, []],
      ['2027-10-06', 4, [{ rule: 'candidate-list-lead', path: 'publishedOn' }]],
      ['2027-10-10', 0, [{ rule: 'candidate-list-lead', path: 'publishedOn' }]],
      ['2027-10-11', -1, [{ rule: 'candidate-list-lead', path: 'publishedOn' }]],
    ])('published %s (%d days before)', (publishedOn, _days, expected) => {
      expect(check({ ...validNomination(), publishedOn })).toEqual(expected);
    });

    it('says by how much, and follows the pack', () => {
      const late = { ...validNomination(), publishedOn: '2027-10-06' };
      expect(checkNomination(late, context)[0].message).toBe(
        'candidate list published 4 days before election day 2027-10-10; at least 5 required',
      );
      expect(check(late, { policy: defaultPolicy({ candidateListLeadDays: 4 }) })).toEqual([]);
    });
  });

  describe('audit-before-election: the departure audit published before the residents’ election', () => {
    const refused = (path: string) => [{ rule: 'audit-before-election', path }];
    it.each<[string, Pick<Nomination, 'departureAudit' | 'incumbentDirectorStands'>, Found[]]>([
      ['published a week before', { departureAudit: { publishedOn: '2027-10-03' } }, []],
      ['published the day before', { departureAudit: { publishedOn: '2027-10-09' } }, []],
      ['published on the day', { departureAudit: { publishedOn: '2027-10-10' } }, refused('departureAudit.publishedOn')],
      ['published after the day', { departureAudit: { publishedOn: '2027-10-11' } }, refused('departureAudit.publishedOn')],
      ['none, the director not said to stand', { departureAudit: null }, refused('departureAudit')],
      ['none, the director not standing', { departureAudit: null, incumbentDirectorStands: false }, refused('departureAudit')],
      ['none, the director standing again', { departureAudit: null, incumbentDirectorStands: true }, []],
    ])('%s', (_, audit, expected) => {
      expect(check({ ...validNomination(), ...audit })).toEqual(expected);
    });
  });

  describe('team-size: the two committees’ distinct people, generally 5 to 7 (a warning)', () => {
    const team: Found[] = [{ rule: 'team-size', path: 'residents.seats', warning: true }];
    it.each<[string, number, number, Found[]]>([
      ['7 Party and 7 residents’ seats', 7, 7, []],
      ['7 Party and 8 residents’ seats', 7, 8, team],
      ['5 Party and 9 residents’ seats', 5, 9, team],
    ])('%s', (_, partySeats, residentsSeats, expected) => {
      const nomination = {
        ...validNomination(),
        party: party(partySeats, partySeats + 2),
        residents: residents(residentsSeats, residentsSeats + 1),
      };
      expect(check(nomination)).toEqual(expected);
    });

    it.each([
      [4, true],
      [5, false],
      [7, false],
      [8, true],
    ])('an elected team of %d: warned %s', (size, warned) => {
      const found = teamSizeWarning(size, policy, 'votes', 'the elected team has', '当选班子共');
      expect(found).toEqual(
        warned
          ? [{ rule: 'team-size', path: 'votes', message: `the elected team has ${size}; the two committees' team is generally 5 to 7`, zh: `当选班子共${size}人；“两委”班子一般按5至7名配备`, warning: true }]
          : [],
      );
    });

    it('counts a person on both committees (交叉任职) once', () => {
      expect(teamOf(['a', 'b', 'c'], ['c', 'd', 'a'])).toBe(4);
    });
  });
});
