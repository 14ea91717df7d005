/**
 * An email body as a few blocks, written out twice: as the plain-text part every client
 * can read, and as a minimal HTML part. Both come from the same blocks so they never disagree.
 */
export type Block = { paragraph: string } | { heading: string; items: string[] };

export function toText(blocks: Block[]): string {
  return `${blocks
    .map((block) =>
      'paragraph' in block ? block.paragraph : [block.heading, ...block.items.map((item) => `- ${item}`)].join('\n'),
    )
    .join('\n\n')}\n`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Names, reasons and SMTP replies come from people and servers: none of it is markup.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function toHtml(blocks: Block[], lang: string): string {
  const body = blocks
    .map((block) =>
      'paragraph' in block
        ? `<p>${escapeHtml(block.paragraph)}</p>`
        : `<h3>${escapeHtml(block.heading)}</h3>\n<ul>\n${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`,
    )
    .join('\n');
  return `<!doctype html>\n<html lang="${escapeHtml(lang)}">\n<head><meta charset="utf-8"></head>\n<body>\n${body}\n</body>\n</html>\n`;
}
