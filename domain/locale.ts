/** Languages the product writes in; Simplified Chinese is the campaign default. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
