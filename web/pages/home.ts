/** Sign-in, the home page (campaigns, or the way to one's street), starting a campaign, error pages. */
import type { Request } from 'express';
import { createCampaign, listCampaigns } from '../../api/routes/campaigns';
import type { Board } from '../board';
import { errorSummary, field, type FormState } from '../forms';
import { html, type Html } from '../html';
import { formSecrets, layout } from '../layout';
import { errorPageTitle, refusalTitle } from '../labels';
import { paths } from '../paths';
import type { Session } from '../session';

export function signInPage(next: string, failed: boolean): Html {
  return layout({
    title: '登录',
    body: html`<h1>登录换届工作台</h1>
${failed ? html`<div class="error-summary" role="alert"><h3>无法登录</h3><p>访问令牌无效，请核对后重新输入。</p></div>` : ''}
<form method="post" action="${paths.signIn}" class="form narrow">
<input type="hidden" name="next" value="${next}">
<div class="field"><label for="token">访问令牌</label><p class="hint" id="token-hint">请输入系统管理员发给您的访问令牌（与接口令牌相同）。</p>
<input type="password" id="token" name="token" autocomplete="current-password" aria-describedby="token-hint" required autofocus></div>
<button type="submit">登录</button>
</form>`,
  });
}

/** A path on this board to return to after signing in; anything else goes home. */
export const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : paths.home);

export async function homePage(board: Board, form: FormState): Promise<Html> {
  const { principal } = board.session;
  let body: Html;
  if (board.may(listCampaigns)) {
    const { items } = await board.call<{ items: { id: string; name: string; status: string }[] }>(listCampaigns);
    body = html`<h1>换届活动</h1>
${items.length ? html`<ul class="campaigns">${items.map((c) => html`<li><a href="${paths.campaign(c.id)}">${c.name}</a>（${c.id}，${c.status === 'running' ? '进行中' : '已结束'}）</li>`)}</ul>` : html`<p>还没有换届活动。</p>`}
${board.may(createCampaign) ? startCampaignForm(board.session, form) : ''}`;
  } else {
    body = html`<h1>本街道的换届工作</h1>
<p>请从提醒邮件中的链接进入，或输入换届活动编号：</p>
<form method="get" action="/go" class="form narrow">
${field(form, { name: 'campaign', label: '活动编号', hint: '例如 yiwu-2027', required: true })}
<button type="submit">进入${principal.street}街道页面</button>
</form>`;
  }
  return layout({ title: '首页', session: board.session, body });
}

function startCampaignForm(session: Session, form: FormState): Html {
  return html`<section aria-labelledby="start-h"><h2 id="start-h">发起换届活动</h2>
${errorSummary(form, refusalTitle[form.status ?? 400] ?? '未能发起')}
<form method="post" action="${paths.campaigns}" class="form" novalidate>
${formSecrets(session)}
${field(form, { name: 'definition', label: '活动定义（JSON）', type: 'textarea', rows: 14, required: true, hint: '粘贴活动定义的 JSON（格式见接口文档“Campaign definition”）。' })}
<button type="submit">发起活动</button>
</form>
<form method="post" action="${paths.campaigns}" class="form" id="upload-campaign" data-upload data-csrf="${session.csrf}">
<div class="field"><label for="campaign-file">或上传填好的活动模板（Excel）</label>
<p class="hint" id="campaign-file-hint">模板可在此<a href="/api/templates/campaign.xlsx">下载</a>。</p>
<input type="file" id="campaign-file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="campaign-file-hint"></div>
<button type="submit">上传并发起</button>
</form></section>`;
}

export function errorPage(session: Session | undefined, status: number, detail: string): Html {
  const title = errorPageTitle[status] ?? '出错了';
  const say: Record<number, string> = {
    403: '您的账号无权查看或办理此页面的事项。街道办只能办理本街道的事项。',
    404: '没有找到该页面，请核对链接。',
    503: '换届系统暂时无法处理请求，请稍后再试；您的操作未生效。',
  };
  return layout({
    title,
    session,
    body: html`<h1>${title}</h1><p>${say[status] ?? '请求未能完成。'}</p><p class="muted">${detail}</p><p><a href="${paths.home}">返回首页</a></p>`,
  });
}

export const isHtmx = (req: Request) => req.get('hx-request') === 'true';
