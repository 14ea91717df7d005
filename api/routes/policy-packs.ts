/** The policy packs a campaign may name: each number with its source. */
import { policyPacks } from '../../domain';
import { defineRoute } from '../route';
import { policyPackListSchema } from '../schemas';

export const listPolicyPacks = defineRoute({
  method: 'get',
  id: 'listPolicyPacks',
  path: '/policy-packs',
  summary: 'Every policy pack, lowest layer first: id, region, effective date, each number with its source',
  access: ['coordinator', 'street', 'admin'],
  success: { status: 200, description: 'The packs', schema: policyPackListSchema },
  errors: [],
  async handle() {
    return {
      items: policyPacks.map((pack) => ({
        id: pack.id,
        name: pack.name,
        region: pack.region,
        effectiveFrom: pack.effectiveFrom,
        numbers: Object.entries(pack.numbers).map(([name, { value, source }]) => ({ name, value, source })),
      })),
    };
  },
});
