import { checkNomination, resolvePolicy, type Candidate, type Nomination } from '../../domain';
import { PARTY_DAY, RESIDENTS_DAY, bornAged, candidate, candidates, validNomination } from './fixtures';

const policy = resolvePolicy();
const context = { partyElectionDay: PARTY_DAY, residentsElectionDay: RESIDENTS_DAY, policy };

function check(nomination: Nomination): { rule: string; path: string }[] {
  return checkNomination(nomination, context).map(({ rule, path }) => ({ rule, path }));
}

/** The valid nomination with its first residents (or party) candidate replaced. */
function withCandidate(fields: Partial<Candidate>, slate: 'residents' | 'party' = 'residents'): Nomination {
  const nomination = validNomination();
  const day = slate === 'party' ? PARTY_DAY : RESIDENTS_DAY;
  nomination[slate].candidates[0] = candidate('x1', { birthDate: bornAged(40, day), ...fields });
  return nomination;
}

const aged = (age: number, days = 0) => bornAged(age, RESIDENTS_DAY, days);

describe('checkNomination', () => {
  it('accepts a valid nomination', () => {
    expect(check(validNomination())).toEqual([]);
  });

  describe('candidate eligibility on election day', () => {
    const age = (path: string) => [{ rule: 'eligibility-age', path: `residents.candidates.0.${path}` }];
    it.each<[string, Partial<Candidate>, { rule: string; path: string }[]]>([
      ['new female 45', { gender: 'female', birthDate: aged(45) }, []],
      ['new female 46', { gender: 'female', birthDate: aged(46) }, age('birthDate')],
      ['new female turning 46 the day after', { gender: 'female', birthDate: aged(46, 1) }, []],
      ['new female who turned 46 the day before', { gender: 'female', birthDate: aged(46, -1) }, age('birthDate')],
      ['new male 50', { gender: 'male', birthDate: aged(50) }, []],
      ['new male 51', { gender: 'male', birthDate: aged(51) }, age('birthDate')],
      ['incumbent female 48', { gender: 'female', incumbent: true, birthDate: aged(48) }, []],
      ['incumbent female 49', { gender: 'female', incumbent: true, birthDate: aged(49) }, age('birthDate')],
      ['incumbent male 53', { gender: 'male', incumbent: true, birthDate: aged(53) }, []],
      ['incumbent male 54', { gender: 'male', incumbent: true, birthDate: aged(54) }, age('birthDate')],
      ['18-year-old', { birthDate: aged(18) }, []],
      ['17-year-old', { birthDate: aged(18, 1) }, [{ rule: 'adult', path: 'residents.candidates.0.birthDate' }]],
      ['new with senior high', { education: 'senior-high' }, []],
      ['new with vocational school', { education: 'vocational' }, []],
      [
        'new with junior high',
        { education: 'junior-high' },
        [{ rule: 'eligibility-education', path: 'residents.candidates.0.education' }],
      ],
      ['incumbent with junior high', { education: 'junior-high', incumbent: true }, []],
      [
        'incumbent with primary school',
        { education: 'primary', incumbent: true },
        [{ rule: 'eligibility-education', path: 'residents.candidates.0.education' }],
      ],
      ['non-member on the residents slate', { partyMember: false }, []],
    ])('%s', (_, fields, expected) => {
      expect(check(withCandidate(fields))).toEqual(expected);
    });

    it('takes party candidates’ ages on the party election day', () => {
      // 46 on the residents' day, still 45 on the earlier party day.
      const birthDate = bornAged(46, RESIDENTS_DAY);
      expect(check(withCandidate({ gender: 'female', birthDate }, 'party'))).toEqual([]);
    });

    it('refuses a party candidate who is not a full member', () => {
      expect(check(withCandidate({ partyMember: false }, 'party'))).toEqual([
        { rule: 'party-member', path: 'party.candidates.0.partyMember' },
      ]);
    });

    it('says why, with the numbers', () => {
      const [violation] = checkNomination(withCandidate({ gender: 'female', birthDate: aged(46) }), context);
      expect(violation.message).toBe("candidate 'x1' (new, female) is 46 on 2027-10-10; must be under 46");
    });
  });

  describe('seats and competition', () => {
    const slate = (seats: number, count: number) => ({ seats, candidates: candidates('c', count) });
    it.each<[string, Partial<Nomination>, { rule: string; path: string }[]]>([
      ['residents 5 seats, 5 candidates', { residents: slate(5, 5) }, [{ rule: 'competitive', path: 'residents.candidates' }]],
      ['residents 5 seats, 6 candidates', { residents: slate(5, 6) }, []],
      ['residents 9 seats, 10 candidates', { residents: slate(9, 10) }, []],
      ['residents 4 seats', { residents: slate(4, 5) }, [{ rule: 'seats', path: 'residents.seats' }]],
      ['residents 10 seats', { residents: slate(10, 11) }, [{ rule: 'seats', path: 'residents.seats' }]],
      ['party 5 seats, 5 candidates', { party: slate(5, 5) }, [{ rule: 'competitive', path: 'party.candidates' }]],
      ['party 5 seats, 6 candidates', { party: slate(5, 6) }, []],
      // 20% of 6 is 1.2, rounded up to 2.
      ['party 6 seats, 7 candidates', { party: slate(6, 7) }, [{ rule: 'competitive', path: 'party.candidates' }]],
      ['party 6 seats, 8 candidates', { party: slate(6, 8) }, []],
      ['party 7 seats, 9 candidates', { party: slate(7, 9) }, []],
      ['party 8 seats', { party: slate(8, 10) }, [{ rule: 'seats', path: 'party.seats' }]],
      ['party 4 seats', { party: slate(4, 5) }, [{ rule: 'seats', path: 'party.seats' }]],
    ])('%s', (_, change, expected) => {
      expect(check({ ...validNomination(), ...change })).toEqual(expected);
    });

    it('follows the pack: a 50% party margin needs 8 candidates for 5 seats', () => {
      const strict = { ...context, policy: resolvePolicy({ partyCompetitiveMargin: 0.5 }) };
      const nomination = { ...validNomination(), party: slate(5, 7) };
      expect(checkNomination(nomination, strict).map((v) => v.message)).toEqual([
        '7 candidates for 5 seats; at least 8 required',
      ]);
    });
  });
});
