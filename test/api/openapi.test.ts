/** The OpenAPI document names every route of the contract, as the contract says it. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { testDataConverter } from '../helpers/codec';
import { projectRoot } from '../../scripts/temporal-binaries';

/** The route table of ../shared/API.md, the contract outside clients are written against. */
const contractRoutes = [
  'GET /api/health',
  'GET /api/openapi.json',
  'POST /api/campaigns',
  'GET /api/campaigns',
  'GET /api/campaigns/{campaignId}',
  'GET /api/campaigns/{campaignId}/communities',
  'GET /api/campaigns/{campaignId}/communities/{communityId}',
  'GET /api/campaigns/{campaignId}/streets/{streetId}',
  'POST /api/campaigns/{campaignId}/streets/{streetId}/steps/{step}',
  'POST /api/campaigns/{campaignId}/communities/{communityId}/steps/{step}',
  'POST /api/campaigns/{campaignId}/deadlines',
  'GET /api/campaigns/{campaignId}/communities/{communityId}/history',
  'GET /api/policy-packs',
  'POST /api/codec/decode',
  'GET /api/campaigns/{campaignId}/statistics',
  'GET /api/campaigns/{campaignId}/communities.csv',
  'GET /api/campaigns/{campaignId}/report.xlsx',
  'GET /api/templates/campaign.xlsx',
].map(parseRoute);

function parseRoute(route: string): { method: string; path: string } {
  const [method, routePath] = route.split(' ');
  return { method: method.toLowerCase(), path: routePath };
}

/** Where the contract itself is at hand (CI lays shared/ beside the clone), the table above is checked against it. */
const contractFile = path.join(projectRoot, '..', 'shared', 'API.md');

test('the route table above is API.md\'s', () => {
  if (!existsSync(contractFile)) return;
  const contract = readFileSync(contractFile, 'utf8');
  const routes = [...contract.matchAll(/^\| `(GET|POST) (\/api\/[^`?\s]+)/gm)].map(([, method, route]) => ({ method: method.toLowerCase(), path: route }));
  const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
  expect(routes.map(key).sort()).toEqual(contractRoutes.map(key).sort());
});

type Operation = {
  security: unknown[];
  parameters: { name: string; in: string; required: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};

let connection: Connection;
let document: { openapi: string; paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  // Never dialled: the document needs no Temporal.
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  const app = createApp({ client: new Client({ connection, dataConverter: testDataConverter }), connection, taskQueue: 'openapi', tokens: [], log: () => {} });
  const res = await request(app).get('/api/openapi.json');
  expect(res.status).toBe(200);
  document = res.body;
});

afterAll(async () => {
  await connection?.close();
});

test('is OpenAPI 3.1', () => {
  expect(document.openapi).toBe('3.1.0');
});

test.each(contractRoutes)('$method $path is documented with its parameters, body, security and errors', ({ method, path: route }) => {
  const operation = document.paths[route]?.[method];
  expect(operation).toBeDefined();
  const pathParams = [...route.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
  expect(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParams);
  const isPublic = route === '/api/health' || route === '/api/openapi.json';
  expect(operation.security).toEqual(isPublic ? [] : [{ bearer: [] }]);
  if (!isPublic) expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '503']));
  if (method === 'post') {
    expect(operation.requestBody?.content['application/json'].schema).toEqual(expect.any(Object));
    expect(operation.responses['400'].content).toHaveProperty(['application/problem+json']);
  }
});

test('the list documents its filters and paging', () => {
  const list = document.paths['/api/campaigns/{campaignId}/communities'].get;
  expect(list.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(['street', 'step', 'overdue', 'atRisk', 'reelectionRequired', 'limit', 'cursor']);
});

test('a step route documents the body of each of its steps', () => {
  const step = document.paths['/api/campaigns/{campaignId}/communities/{communityId}/steps/{step}'].post;
  const bodies = (step.requestBody!.content['application/json'].schema as { oneOf: { title: string }[] }).oneOf;
  expect(bodies.map((b) => b.title)).toEqual(['election-committee', 'training', 'voter-registration', 'nomination', 'party-election', 'residents-election', 'handover']);
  expect(step.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
});

test('the two upload routes also take their spreadsheet template; the downloads say their media type', () => {
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  expect(document.paths['/api/campaigns'].post.requestBody!.content).toHaveProperty([xlsx]);
  expect(document.paths['/api/campaigns/{campaignId}/communities/{communityId}/steps/{step}'].post.requestBody!.content).toHaveProperty([xlsx]);
  expect(document.paths['/api/campaigns/{campaignId}/report.xlsx'].get.responses['200'].content).toHaveProperty([xlsx]);
  expect(document.paths['/api/templates/nomination.xlsx'].get.responses['200'].content).toHaveProperty([xlsx]);
  expect(document.paths['/api/campaigns/{campaignId}/communities.csv'].get.responses['200'].content).toHaveProperty(['text/csv; charset=utf-8']);
});
