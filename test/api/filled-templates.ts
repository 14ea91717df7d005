/** The two templates as the tests fill them: from a campaign definition, and a nomination of 12 candidates. */
import type { Express } from 'express';
import { STEPS, type CampaignDefinitionInput, type Candidate, type Nomination } from '../../domain';
import { stepName } from '../../domain/step-names';
import { download, fillItems, fillTable, load, save } from './workbooks';

const GENDERS = { male: '男', female: '女' };
const EDUCATION = { primary: '小学', 'junior-high': '初中', 'senior-high': '高中', vocational: '中专', college: '大专', bachelor: '本科', master: '硕士', doctorate: '博士' };
const PARTY_ORGANISATIONS = { committee: '党委', 'general-branch': '党总支', branch: '党支部' };
const POSTS = { secretary: '书记', 'deputy-secretary': '副书记', director: '主任', 'deputy-director': '副主任', member: '委员' };
const yesNo = (value: boolean) => (value ? '是' : '否');

export async function campaignWorkbook(app: Express, definition: CampaignDefinitionInput): Promise<Buffer> {
  const workbook = await load((await download(app, '/api/templates/campaign.xlsx')).body);
  fillItems(workbook, '活动', {
    编号: definition.id,
    名称: definition.name,
    时区: definition.timezone ?? null,
    语言: definition.locale === 'en' ? 'English' : '简体中文',
    协调人邮箱: definition.coordinators.join('，'),
    ...Object.fromEntries(STEPS.map((step) => [stepName(step, 'zh-CN'), definition.calendar[step]])),
  });
  fillTable(
    workbook,
    '街道',
    definition.streets.map((street) => ({ 街道编号: street.id, 街道名称: street.name, 街道办邮箱: street.officeEmail, 指导组组长邮箱: street.leaderEmail })),
  );
  fillTable(
    workbook,
    '社区',
    definition.streets.flatMap((street) =>
      street.communities.map((community) => ({
        街道编号: street.id,
        社区编号: community.id,
        社区名称: community.name,
        户数: community.households ?? null,
        暂住人口: community.temporaryResidents ?? null,
        党组织类型: community.partyOrganisation ? PARTY_ORGANISATIONS[community.partyOrganisation] : null,
      })),
    ),
  );
  return save(workbook);
}

const person = (id: string, gender: 'male' | 'female', birthDate: string, fields: Partial<Candidate> = {}): Candidate => ({
  id,
  name: `候选人${id}`,
  gender,
  birthDate,
  education: 'bachelor',
  incumbent: false,
  partyMember: true,
  nomination: 'joint',
  ...fields,
});

/**
 * Six for five seats on each slate, 12 rows: p1 stands on both, as Party secretary and as
 * director (一肩挑 if elected to both); r4 is an incumbent of 50 or so, p1 under 35.
 */
export function nominationBody(publishedOn: string): Nomination {
  const p1 = person('p1', 'female', '1995-01-01', { education: 'master' });
  return {
    party: {
      seats: 5,
      candidates: [
        { ...p1, post: 'secretary' },
        person('p2', 'male', '1985-03-01', { post: 'deputy-secretary' }),
        person('p3', 'female', '1985-03-01', { nomination: 'self' }),
        person('p4', 'male', '1985-03-01', { education: 'college' }),
        person('p5', 'male', '1985-03-01'),
        person('p6', 'male', '1985-03-01'),
      ],
    },
    residents: {
      seats: 5,
      candidates: [
        { ...p1, post: 'director' },
        person('r2', 'female', '1985-03-01', { partyMember: false }),
        person('r3', 'female', '1985-03-01', { partyMember: false, post: 'deputy-director' }),
        person('r4', 'male', '1976-06-01', { incumbent: true, education: 'senior-high' }),
        person('r5', 'male', '1985-03-01', { education: 'doctorate' }),
        person('r6', 'female', '1985-03-01', { partyMember: false }),
      ],
    },
    publishedOn,
    departureAudit: { publishedOn },
  };
}

export async function nominationWorkbook(app: Express, body: Nomination): Promise<Buffer> {
  const workbook = await load((await download(app, '/api/templates/nomination.xlsx')).body);
  fillItems(workbook, '提名', {
    党组织职数: body.party.seats,
    居委会职数: String(body.residents.seats),
    候选人名单公布日期: body.publishedOn,
    离任审计公布日期: body.departureAudit?.publishedOn ?? null,
  });
  const rows = (['party', 'residents'] as const).flatMap((committee) =>
    body[committee].candidates.map((c) => ({
      委员会: committee === 'party' ? '党组织' : '居委会',
      编号: c.id,
      姓名: c.name,
      性别: GENDERS[c.gender],
      出生日期: c.birthDate,
      文化程度: EDUCATION[c.education],
      是否原班子成员: yesNo(c.incumbent),
      是否正式党员: yesNo(c.partyMember),
      提名方式: c.nomination === 'joint' ? '联合提名' : '自荐',
      拟任职务: c.post ? POSTS[c.post] : null,
    })),
  );
  fillTable(workbook, '候选人', rows);
  return save(workbook);
}
