/** Spreadsheet users read Chinese; the API's clients and logs read English: an upload's errors say both. */
export const bilingual = (zh: string, en: string) => `${zh} / ${en}`;
