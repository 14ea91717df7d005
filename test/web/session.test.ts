/**
 * Sessions and CSRF on the board's own routes, over HTTP without a browser: signing in,
 * a form post without the session's token, one from another origin, signing out, expiry.
 */
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { sha256Hex } from '../../api/auth';
import { SessionStore } from '../../web/session';

// Signing in and out reaches no workflow: a connection that is never used.
const connection = Connection.lazy({ address: '127.0.0.1:1' });
const app = createApp({
  client: new Client({ connection }),
  connection,
  taskQueue: 'unused',
  tokens: [
    { name: 'office-s1', role: 'street', street: 's1', sha256: sha256Hex('s1-token') },
    { name: 'auditor', role: 'admin', sha256: sha256Hex('admin-token') },
  ],
  publicUrl: 'https://board.example.gov.cn',
  log: () => {},
});
const origin = 'https://board.example.gov.cn';

afterAll(() => connection.close());

async function signedIn(token = 's1-token'): Promise<{ cookie: string; csrf: string }> {
  const res = await request(app).post('/sign-in').set('Origin', origin).type('form').send({ token, next: '/go?campaign=x' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/go?campaign=x');
  const cookie = String(res.headers['set-cookie']);
  expect(cookie).toMatch(/^huanjie_session=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  const home = await request(app).get('/').set('Cookie', cookie.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
  return { cookie: cookie.split(';')[0], csrf };
}

test('a wrong token is refused with the sign-in page again; pages need a session', async () => {
  const res = await request(app).post('/sign-in').set('Origin', origin).type('form').send({ token: 'nope' });
  expect(res.status).toBe(401);
  expect(res.text).toContain('访问令牌无效');
  const missing = await request(app).get('/nowhere');
  expect(missing.status).toBe(404);
  expect(missing.text).toContain('没有找到该页面');
  expect((await request(app).get('/api/nowhere')).headers['content-type']).toMatch(/^application\/problem\+json/);
  const page = await request(app).get('/campaigns/c1/streets/s1');
  expect(page.status).toBe(303);
  expect(page.headers.location).toBe('/sign-in?next=%2Fcampaigns%2Fc1%2Fstreets%2Fs1');
});

test('a form post needs the board as its Origin and the session’s CSRF token; signing out ends the session', async () => {
  const { cookie, csrf } = await signedIn();
  const post = () => request(app).post('/sign-out').set('Cookie', cookie).type('form');
  expect((await post().set('Origin', 'https://evil.example').send({ _csrf: csrf })).status).toBe(403);
  expect((await post().send({ _csrf: csrf })).status).toBe(403);
  expect((await post().set('Origin', origin).send({ _csrf: 'x'.repeat(csrf.length) })).status).toBe(403);
  const out = await post().set('Origin', origin).send({ _csrf: csrf });
  expect(out.status).toBe(303);
  expect(String(out.headers['set-cookie'])).toMatch(/huanjie_session=;/);
  expect((await request(app).get('/').set('Cookie', cookie)).status).toBe(303);
});

test('a session idle past its limit is gone', () => {
  let now = 0;
  const store = new SessionStore(1000, () => now);
  const session = store.create({ name: 'a', role: 'admin' });
  now = 900;
  expect(store.touch(session.id)).toBe(session);
  now = 1800;
  expect(store.touch(session.id)).toBe(session);
  now = 2801;
  expect(store.touch(session.id)).toBeUndefined();
});

test("the board's session reads the API (its download links), never writes through it", async () => {
  const { cookie, csrf } = await signedIn();
  const packs = await request(app).get('/api/policy-packs').set('Cookie', cookie);
  expect(packs.status).toBe(200);
  expect(packs.body.items.length).toBeGreaterThan(0);
  expect((await request(app).post('/api/campaigns').set('Cookie', cookie).send({})).status).toBe(401);
  await request(app).post('/sign-out').set('Cookie', cookie).set('Origin', origin).type('form').send({ _csrf: csrf });
  expect((await request(app).get('/api/policy-packs').set('Cookie', cookie)).status).toBe(401);
});

test("an admin signed in to the board decodes through the codec with the session (the Temporal UI's credentials); no one else does", async () => {
  const admin = await signedIn('admin-token');
  const decoded = await request(app).post('/api/codec/decode').set('Cookie', admin.cookie).send({ payloads: [] });
  expect(decoded.status).toBe(200);
  expect(decoded.body).toEqual({ payloads: [] });
  const street = await signedIn();
  expect((await request(app).post('/api/codec/decode').set('Cookie', street.cookie).send({ payloads: [] })).status).toBe(403);
  expect((await request(app).post('/api/codec/decode').send({ payloads: [] })).status).toBe(401);
});
