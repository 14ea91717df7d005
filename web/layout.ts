/** The page around every board page: header with who is signed in, sign-out, main, scripts. */
import type { Session } from './session';
import { html, type Html } from './html';
import { roleLabel } from './labels';

export interface Crumb {
  href: string;
  label: string;
}

export interface PageParts {
  title: string;
  session?: Session;
  crumbs?: Crumb[];
  body: Html;
}

export function layout({ title, session, crumbs = [], body }: PageParts): Html {
  const who = session?.principal;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}'>
<title>${title} · 换届系统</title>
<link rel="stylesheet" href="/static/board.css">
<script src="/static/htmx.min.js" defer></script>
<script src="/static/board.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
  <a class="brand" href="/">社区换届工作台</a>
  ${
    who
      ? html`<div class="who"><span>${who.name}（${roleLabel[who.role]}${who.street ? html`：${who.street}` : ''}）</span>
  <form method="post" action="/sign-out"><input type="hidden" name="_csrf" value="${session.csrf}"><button type="submit" class="link-button">退出登录</button></form></div>`
      : ''
  }
</header>
${crumbs.length ? html`<nav class="crumbs" aria-label="位置"><ol>${crumbs.map((c) => html`<li><a href="${c.href}">${c.label}</a></li>`)}</ol></nav>` : ''}
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>
`;
}

/** A form's hidden fields: the session's CSRF token, and a key that makes a repeated post apply once. */
export function formSecrets(session: Session, idempotencyKey?: string): Html {
  return html`<input type="hidden" name="_csrf" value="${session.csrf}">${idempotencyKey ? html`<input type="hidden" name="_key" value="${idempotencyKey}">` : ''}`;
}
