/** A posted form becomes the API's JSON body, its field names being the body's paths. */
import { bodyOf, pathOf } from '../../web/forms';

test('dotted names nest, [i] rows become arrays in order, :n numbers and :b yes/no are typed', () => {
  const body = bodyOf({
    _csrf: 'secret',
    'residents.seats:n': '5',
    'residents.candidates[1].id': 'r2',
    'residents.candidates[0].id': 'r1',
    'residents.candidates[0].partyMember:b': ['false', 'true'],
    'residents.candidates[1].partyMember:b': 'false',
    'votes.12:n': '30',
  });
  expect(body).toEqual({
    residents: { seats: 5, candidates: [{ id: 'r1', partyMember: true }, { id: 'r2', partyMember: false }] },
    votes: { '12': 30 },
  });
});

test('empty fields are left out, blank rows dropped, and what is not a whole number is passed on for the schema to refuse', () => {
  expect(
    bodyOf({
      'members[0].name': '赵委员',
      'members[1].name': '  ',
      'members[2].name': '',
      'members[2].flag:b': 'false',
      'attendees:n': '1.5',
      'date': '',
    }),
  ).toEqual({ members: [{ name: '赵委员' }], attendees: '1.5' });
});

test("a field's name is the API error's path", () => {
  expect(pathOf('residents.candidates[2].birthDate')).toBe('residents.candidates.2.birthDate');
});
