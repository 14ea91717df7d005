import type { Locale } from './locale';
import type { StepId } from './steps';

/** What people call each step, in the words of the speech and of the forms they fill in. */
const STEP_NAMES: Record<Locale, Record<StepId, string>> = {
  'zh-CN': {
    'guidance-group': '指导小组',
    'election-plan': '选举方案',
    'election-committee': '选举委员会',
    training: '业务培训',
    'voter-registration': '选民登记',
    nomination: '候选人提名',
    'party-election': '党组织选举',
    'residents-election': '居委会选举',
    handover: '工作交接',
  },
  en: {
    'guidance-group': 'Guidance group',
    'election-plan': 'Election plan',
    'election-committee': 'Election committee',
    training: 'Training',
    'voter-registration': 'Voter registration',
    nomination: 'Nomination',
    'party-election': 'Party election',
    'residents-election': "Residents' Committee election",
    handover: 'Handover',
  },
};

export function stepName(step: StepId, locale: Locale): string {
  return STEP_NAMES[locale][step];
}
