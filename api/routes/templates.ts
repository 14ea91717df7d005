/** The blank upload templates (../shared/API.md, "Spreadsheet uploads"). */
import { Download, defineRoute } from '../route';
import { campaignLayout, nominationLayout, XLSX_TYPE, type TemplateLayout } from '../spreadsheets/layout';
import { templateWorkbook } from '../spreadsheets/template';

function templateRoute(id: string, file: string, layout: TemplateLayout, title: string, summary: string) {
  // The same bytes for everyone: written once, on first request.
  let made: Promise<Buffer> | undefined;
  return defineRoute({
    method: 'get',
    id,
    path: `/templates/${file}`,
    summary,
    access: ['coordinator', 'street', 'admin'],
    success: { status: 200, description: 'The blank template', media: XLSX_TYPE },
    errors: [],
    async handle() {
      made ??= templateWorkbook(layout, title);
      return new Download(XLSX_TYPE, file, await made);
    },
  });
}

export const templateRoutes = [
  templateRoute('campaignTemplate', 'campaign.xlsx', campaignLayout, '换届活动模板：填写“活动”“街道”“社区”三张工作表后上传，即开始活动。', 'The campaign template: the definition as sheets 活动, 街道, 社区'),
  templateRoute('nominationTemplate', 'nomination.xlsx', nominationLayout, '候选人提名模板：填写“候选人”“提名”两张工作表后上传到社区的“候选人提名”步骤。', 'The nomination template: sheets 候选人 and 提名'),
];
