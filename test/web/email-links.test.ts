/** Each email links to the board's page of what it speaks of (PUBLIC_URL). */
import { renderNotification } from '../../activities/templates/render';
import { reminder } from '../activities/example-notifications';

const board = 'https://huanjie.example.gov.cn';

test('a street’s items about several communities link to the street’s page, in both parts', () => {
  const n = reminder();
  const mail = renderNotification(n, board);
  const url = `${board}/campaigns/${n.campaign.id}/streets/${n.items[0].streetId}`;
  expect(mail.text).toContain(`在换届工作台办理：${url}`);
  expect(mail.html).toContain(url);
});

test('items about one community link to its page; without a board address there is no link', () => {
  const n = reminder();
  const one = { ...n, items: [n.items[0]] };
  expect(renderNotification(one, board).text).toContain(`${board}/campaigns/${n.campaign.id}/communities/${n.items[0].communityId}`);
  expect(renderNotification({ ...one, campaign: { ...one.campaign, locale: 'en' } }, board).text).toContain('Open it on the board: ');
  expect(renderNotification(one).text).not.toContain('/campaigns/');
});
