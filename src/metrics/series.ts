/**
 * Labeled counters and histograms for the hot path, exposed through prom-client's registry (which
 * writes the Prometheus format). prom-client's own labeled `inc`/`observe` hash and validate a label
 * object on every call: 1.5-3.5 µs each on the benchmark machine, several per tool call. Here a
 * caller resolves its series once (nested maps, no key strings) and then only adds numbers; all the
 * formatting work happens at scrape time.
 */

type Labels = Record<string, string>;

interface Node<S> {
  series?: S;
  next?: Map<string, Node<S>>;
}

/** Finds or creates the series for a tuple of label values without building a key. */
class SeriesIndex<S> {
  private readonly root: Node<S> = {};
  readonly all: S[] = [];

  constructor(
    private readonly labelNames: readonly string[],
    private readonly create: (labels: Labels) => S,
  ) {
    if (labelNames.length > 3) throw new Error('at most three labels per metric');
  }

  /** Up to three label values, in labelNames order (no array or key string is built on a hit). */
  at(a = '', b = '', c = ''): S {
    const depth = this.labelNames.length;
    let node = this.root;
    if (depth > 0) node = step(node, a);
    if (depth > 1) node = step(node, b);
    if (depth > 2) node = step(node, c);
    if (!node.series) {
      const values = [a, b, c];
      const labels: Labels = {};
      this.labelNames.forEach((name, i) => {
        labels[name] = values[i] as string;
      });
      node.series = this.create(labels);
      this.all.push(node.series);
    }
    return node.series;
  }
}

function step<S>(node: Node<S>, value: string): Node<S> {
  node.next ??= new Map();
  let child = node.next.get(value);
  if (!child) {
    child = {};
    node.next.set(value, child);
  }
  return child;
}

/** What prom-client's Registry reads from a metric (`registerMetric` accepts any object with it). */
export interface CollectableMetric {
  name: string;
  help: string;
  type: string;
  aggregator: 'sum';
  get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: 'sum';
    values: { labels: Labels; value: number; metricName?: string }[];
  }>;
  reset(): void;
}

export class FastCounter implements CollectableMetric {
  readonly type = 'counter';
  readonly aggregator = 'sum' as const;
  private readonly index: SeriesIndex<{ labels: Labels; value: number }>;

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
  ) {
    this.index = new SeriesIndex(labelNames, (labels) => ({ labels, value: 0 }));
  }

  /** The series for these label values (in labelNames order): keep it and add to `value`. */
  series(a?: string, b?: string, c?: string): { value: number } {
    return this.index.at(a, b, c);
  }

  inc(a?: string, b?: string, c?: string): void {
    this.index.at(a, b, c).value++;
  }

  async get() {
    const values = this.index.all.map((s) => ({ labels: s.labels, value: s.value }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    for (const s of this.index.all) s.value = 0;
  }
}

export class HistogramSeries {
  /** Per bucket, not cumulative (cumulated at scrape time); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Labels,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
  }
}

export class FastHistogram implements CollectableMetric {
  readonly type = 'histogram';
  readonly aggregator = 'sum' as const;
  private readonly index: SeriesIndex<HistogramSeries>;

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {
    this.index = new SeriesIndex(labelNames, (labels) => new HistogramSeries(labels, bounds));
  }

  series(a?: string, b?: string, c?: string): HistogramSeries {
    return this.index.at(a, b, c);
  }

  async get() {
    const values: { labels: Labels; value: number; metricName: string }[] = [];
    for (const s of this.index.all) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.counts[i] as number;
        values.push({
          labels: { ...s.labels, le: String(bound) },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({ labels: { ...s.labels, le: '+Inf' }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    for (const s of this.index.all) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}
