/** A street office: its state, and completing its two steps. */
import { STREET_STEPS } from '../../domain';
import { completeStreetStep, streetStateQuery, streetWorkflowId } from '../../workflows/definitions';
import { ensureStreet } from '../auth';
import { defineRoute } from '../route';
import { stepBodiesOf, streetParams, streetStateSchema, streetStepParams } from '../schemas';

const noStreet = (campaignId: string, streetId: string) => `There is no street '${streetId}' in campaign '${campaignId}'.`;

export const getStreet = defineRoute({
  method: 'get',
  id: 'getStreet',
  path: '/campaigns/{campaignId}/streets/{streetId}',
  summary: 'One street',
  access: ['coordinator', 'admin', 'street'],
  params: streetParams,
  success: { status: 200, description: 'Its state', schema: streetStateSchema },
  errors: [],
  async handle({ params: { campaignId, streetId }, principal, temporal }) {
    ensureStreet(principal, streetId);
    return temporal.query(() => temporal.handle(streetWorkflowId(campaignId, streetId)).query(streetStateQuery), noStreet(campaignId, streetId));
  },
});

export const completeStreetStepRoute = defineRoute({
  method: 'post',
  id: 'completeStreetStep',
  path: '/campaigns/{campaignId}/streets/{streetId}/steps/{step}',
  summary: 'Complete a street step (guidance group, election plan)',
  access: ['street'],
  params: streetStepParams,
  bodyByStep: stepBodiesOf(STREET_STEPS),
  idempotent: true,
  success: { status: 200, description: "The street's state once the step is applied", schema: streetStateSchema },
  errors: [409, 422],
  async handle({ params: { campaignId, streetId, step }, body, principal, idempotency, temporal }) {
    ensureStreet(principal, streetId);
    const handle = temporal.handle(streetWorkflowId(campaignId, streetId));
    return temporal.update(
      handle,
      () => handle.executeUpdate(completeStreetStep, { args: [{ step, body, by: principal.name }], updateId: idempotency?.updateId }),
      noStreet(campaignId, streetId),
    );
  },
});

export const streetRoutes = [getStreet, completeStreetStepRoute];
