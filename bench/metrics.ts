/**
 * Prometheus text scraped from the worker and the dev server, before and after the drive,
 * so the profile can say how many workflow tasks each workflow type ran and how long they
 * and the server's operations took.
 */

/** Each series (`name{labels}`) and its value. */
export type Scrape = Map<string, number>;

export async function scrape(url: string | undefined): Promise<Scrape> {
  const series: Scrape = new Map();
  if (!url) return series;
  const text = await fetch(url).then((res) => res.text(), () => '');
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/** Several processes' scrapes as one: counters and histograms add up. */
export function summed(scrapes: Scrape[]): Scrape {
  const total: Scrape = new Map();
  for (const one of scrapes) for (const [series, value] of one) total.set(series, (total.get(series) ?? 0) + value);
  return total;
}

function labelsOf(series: string): Record<string, string> {
  const inner = /\{(.*)\}$/.exec(series)?.[1] ?? '';
  return Object.fromEntries([...inner.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** The growth between two scrapes of every series named `name` whose labels match `where`. */
export function grown(before: Scrape, after: Scrape, name: string, where: Record<string, string> = {}): number {
  let total = 0;
  for (const [series, value] of after) {
    if (series.split('{')[0] !== name) continue;
    const labels = labelsOf(series);
    if (Object.entries(where).every(([k, v]) => labels[k] === v)) total += value - (before.get(series) ?? 0);
  }
  return total;
}

/** Label values of `label` among the series named `name`. */
export function labelValues(scrape: Scrape, name: string, label: string): string[] {
  const values = new Set<string>();
  for (const series of scrape.keys()) {
    if (series.split('{')[0] === name) {
      const value = labelsOf(series)[label];
      if (value !== undefined) values.add(value);
    }
  }
  return [...values];
}
