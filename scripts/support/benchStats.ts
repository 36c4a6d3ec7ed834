/* The bench's figures: phases of turns, their percentiles and throughput, and the major GC pauses. */
import { constants, PerformanceObserver, type NodeGCPerformanceDetail, type PerformanceEntry } from 'node:perf_hooks';

export interface Phase {
  readonly name: string;
  readonly latencies: number[];
  readonly labels: string[];
  readonly seconds: number;
  readonly errors: number;
  /** When the phase ran (performance.now()), to tell which GC pauses fell in it. */
  readonly span?: { readonly start: number; readonly end: number };
}

export interface Pause {
  readonly start: number;
  readonly ms: number;
}

/** Major GC pauses of this thread: they set the p99, so the bench says where they fell. */
export function watchMajorGc(): { readonly pauses: Pause[]; stop(): void } {
  const pauses: Pause[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail = (entry as PerformanceEntry & { readonly detail?: NodeGCPerformanceDetail }).detail;
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        pauses.push({ start: entry.startTime, ms: entry.duration });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return { pauses, stop: () => observer.disconnect() };
}

/** `concurrency` conversations, each sending its next message once the previous reply reached the connector. */
export const merge = (phases: readonly Phase[]): Phase => ({
  name: phases[0]?.name ?? '',
  latencies: phases.flatMap((p) => p.latencies),
  labels: phases.flatMap((p) => p.labels),
  seconds: phases.reduce((sum, p) => sum + p.seconds, 0),
  errors: phases.reduce((sum, p) => sum + p.errors, 0),
});

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
};

export interface Stats {
  readonly p50: number;
  readonly p99: number;
  readonly throughput: number;
  readonly turns: number;
  readonly errors: number;
}

export const throughput = (phase: Phase): number => phase.latencies.length / phase.seconds;

export function stats(phase: Phase, label?: string): Stats {
  const latencies = label === undefined ? phase.latencies : phase.latencies.filter((_, i) => phase.labels[i] === label);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    throughput: latencies.length / phase.seconds,
    turns: latencies.length,
    errors: label === undefined ? phase.errors : 0,
  };
}
