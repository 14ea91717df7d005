/** Notifications of the example campaign (API.md), as the engine would hand them over. */
import { dueInstant, MS_PER_DAY } from '../../domain/calendar';
import type { Locale } from '../../domain/locale';
import type { Notification } from '../../domain/notifications';

const TZ = 'Asia/Shanghai';

export const OFFICE = 'office@choucheng.example.gov.cn';
export const LEADER = 'secretary@choucheng.example.gov.cn';
export const COORDINATORS = ['org2@example.gov.cn', 'minzheng@example.gov.cn'];

/** 2027年8月15日 23:59:59.999 in Shanghai. */
export const COMMITTEE_DUE = dueInstant('2027-08-15', TZ);
/** 2027年8月8日 23:59:59.999 in Shanghai, 15:59:59.999 UTC. */
export const GUIDANCE_DUE = dueInstant('2027-08-08', TZ);

export const CHOUCHENG_COMMUNITIES = ['绣湖社区', '宾王社区', '西门社区'];

function campaign(locale: Locale): Notification['campaign'] {
  return { id: 'yiwu-2027', name: '义乌市第三届社区两委换届选举', timezone: TZ, locale };
}

const chouchengItems = CHOUCHENG_COMMUNITIES.map((communityName, i) => ({
  streetId: 'choucheng',
  streetName: '稠城街道',
  communityId: `choucheng-${i + 1}`,
  communityName,
  step: 'election-committee' as const,
  due: COMMITTEE_DUE,
}));

/** The 3-days-before reminder to 稠城街道's office. */
export function reminder(locale: Locale = 'zh-CN', key = 'yiwu-2027/choucheng/election-committee/reminder/P3D'): Notification {
  return {
    key,
    kind: 'reminder',
    campaign: campaign(locale),
    to: [OFFICE],
    cc: [],
    at: COMMITTEE_DUE - 3 * MS_PER_DAY,
    items: chouchengItems,
  };
}

/** The coordinators' digest three days after 8/15: two streets, 江东's guidance group at risk, one bounce. */
export function digest(locale: Locale = 'zh-CN'): Notification {
  const at = COMMITTEE_DUE + 3 * MS_PER_DAY;
  return {
    key: 'yiwu-2027/escalation-digest/2027-08-18',
    kind: 'escalation-digest',
    campaign: campaign(locale),
    to: COORDINATORS,
    cc: [],
    at,
    items: [
      ...chouchengItems,
      { streetId: 'jiangdong', streetName: '江东街道', step: 'guidance-group', due: GUIDANCE_DUE, atRisk: true },
    ],
    failures: [
      {
        key: 'yiwu-2027/jiangdong/guidance-group/overdue/1',
        kind: 'overdue',
        address: 'secretary@jiangdong.example.gov.cn',
        code: 550,
        message: '5.1.1 mailbox unavailable',
        at: GUIDANCE_DUE,
      },
    ],
  };
}
