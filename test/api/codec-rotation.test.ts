/**
 * Key rotation with a campaign running: a new active key encrypts, the old one still
 * decrypts. A payload under a key no process has fails its workflow task with a clear error
 * naming the key, and neither the worker nor anything else stops: listing the key again
 * lets the workflow carry on.
 */
import request from 'supertest';
import { ApplicationFailure } from '@temporalio/common';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CodecErrors, dataConverter, keyIdMetadataKey } from '../../config/codec';
import type { CodecKeys } from '../../config/codec-keys';
import { campaignDefinitionSchema } from '../../domain';
import { campaignDefinition } from '../../examples/sample-campaign';
import { campaignWorkflowId, streetWorkflowId } from '../../workflows/definitions';
import { eventually } from '../helpers/eventually';
import { newCodecKeys } from '../helpers/codec';
import { bearer, completeSteps, planStreet, startCampaign, startHarness, taskQueue, type Harness } from './harness';

const EventType = temporal.api.enums.v1.EventType;

const keysA = newCodecKeys('key-a');
const keysB = newCodecKeys('key-b');
const stranger = newCodecKeys('key-x');
const listing = (active: string, ...sets: CodecKeys[]): CodecKeys => ({ active, keys: new Map(sets.flatMap((s) => [...s.keys])) });

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ keys: keysA });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const id = 'rotated';
const communityId = 's1-c1';

test('a campaign started under key A carries on after the worker and the API restart with keys A and B, B active', async () => {
  await startCampaign(h.app, id);
  await planStreet(h.app, id, 's1');
  await completeSteps(h.app, id, communityId, ['election-committee']);

  await h.restart(listing('key-b', keysA, keysB));
  await completeSteps(h.app, id, communityId, ['training', 'voter-registration', 'nomination']);

  const state = await request(h.app).get(`/api/campaigns/${id}/communities/${communityId}`).set(bearer('coordinator'));
  expect(state.body.current).toBe('party-election');
  expect(state.body.steps.find((s: { step: string }) => s.step === 'election-committee').evidence.chair.name).toBe('陈书记');

  const history = await request(h.app).get(`/api/campaigns/${id}/communities/${communityId}/history`).set(bearer('admin'));
  expect(history.status).toBe(200);
  const completed = history.body.events.filter((e: { type: string }) => e.type === 'step-completed');
  expect(completed.map((e: { details: { step: string } }) => e.details.step)).toEqual(['election-committee', 'training', 'voter-registration', 'nomination']);
  expect(completed[0].details.evidence.chair.name).toBe('陈书记');
  expect(completed[3].details.evidence.party.candidates[0].name).toBe('候选人r1');

  // What Temporal keeps: each step's input under the key active when it was posted (the street's own two steps, then the community's).
  const { events } = await h.client.workflow.getHandle(streetWorkflowId(id, 's1')).fetchHistory();
  const keyIds = events!
    .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
    .map((e) => Buffer.from(e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads![0].metadata![keyIdMetadataKey]).toString());
  expect(keyIds).toEqual(['key-a', 'key-a', 'key-a', 'key-b', 'key-b', 'key-b']);
});

test('a workflow started under a key the worker lacks: its task fails naming the key, the worker carries on, and listing the key lets it run', async () => {
  const definition = campaignDefinitionSchema.parse(campaignDefinition({ id: 'stranger', streets: 2, communitiesPerStreet: 2, from: Date.now() }));
  const strangerClient = new Client({ connection: h.env.connection, dataConverter: dataConverter(stranger) });
  await strangerClient.workflow.start('campaign', { taskQueue, workflowId: campaignWorkflowId('stranger'), args: [{ definition, streetCount: definition.streets.length }] });

  const failure = await eventually(async () => {
    const { events } = await h.client.workflow.getHandle(campaignWorkflowId('stranger')).fetchHistory();
    const failed = events!.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(failed).toBeDefined();
    return failed!.workflowTaskFailedEventAttributes!.failure!;
  }, 30_000);
  // The failure's message is encrypted too: Temporal keeps only a placeholder.
  expect(failure.message).toBe('Encoded failure');
  const error = await decodeOptionalFailureToOptionalError(h.client.options.loadedDataConverter, failure);
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect((error as ApplicationFailure).type).toBe(CodecErrors.unknownKey);
  expect(error!.message).toContain("codec key 'key-x'");

  // The worker still runs the rest: the rotated campaign takes a step.
  await completeSteps(h.app, id, communityId, ['party-election']);

  await h.restart(listing('key-b', keysA, keysB, stranger));
  await eventually(async () => {
    const list = await request(h.app).get('/api/campaigns/stranger/communities').set(bearer('coordinator'));
    expect(list.body.total).toBe(4);
  }, 60_000);
}, 120_000);
