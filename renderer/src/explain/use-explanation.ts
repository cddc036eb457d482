/**
 * Loads one metric's explanation, then walks its inputs down to their reported facts
 * (trail.ts). Explanations do not change while a universe is loaded, so they are cached
 * per key and metric: reopening a popover, or drilling back up, costs nothing.
 */
import { useEffect, useState } from 'react';
import type { Explanation, FactRef, FortressApi } from '../../../contract/api.ts';
import type { ApiError, ApiResult } from '../../../contract/methods.ts';
import type { MetricId, MetricValue } from '../../../contract/metrics.ts';
import { MAX_DEPTH, agrees, factKey, inputLinks, type FactGroup, type InputLink } from './trail.ts';

/** Enough for an afternoon of explaining without holding every fact of the universe. */
const CACHE_SIZE = 400;

export type ExplainFetcher = (key: string, metric: MetricId) => Promise<ApiResult<Explanation>>;

/** A fetcher that remembers answers (failures are not remembered: a retry may succeed). */
export function cachedFetcher(api: FortressApi): ExplainFetcher {
  const cache = new Map<string, Promise<ApiResult<Explanation>>>();
  return (key, metric) => {
    const k = `${key}\u0000${metric}`;
    const hit = cache.get(k);
    if (hit) {
      cache.delete(k);
      cache.set(k, hit);
      return hit;
    }
    const p = api['metric:explain']({ key, metric });
    cache.set(k, p);
    void p.then((r) => {
      if (!r.ok) cache.delete(k);
    });
    if (cache.size > CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return p;
  };
}

export interface InputView extends InputLink {
  /** `undefined` while the trail is loading. */
  value: MetricValue | undefined;
}

export type ExplainState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | {
      status: 'ready';
      root: Explanation;
      /** Root inputs that are metrics of the row, with their values once loaded. */
      inputs: InputView[];
      groups: FactGroup[];
      /** Inputs still being followed. */
      tracing: boolean;
      /** Inputs that could not be loaded (the trail is incomplete). */
      missedInputs: number;
    };

interface Trail {
  inputs: InputView[];
  groups: FactGroup[];
  missed: number;
}

/** `facts` without those already in `seen` (nor repeats within it); adds them to `seen`. */
function freshFacts(facts: readonly FactRef[], seen: Set<string>): FactRef[] {
  const out: FactRef[] = [];
  for (const f of facts) {
    const k = factKey(f);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}

/** Breadth-first, so each fact is credited to the shortest path that reaches it. */
async function followTrail(fetch: ExplainFetcher, root: Explanation): Promise<Trail> {
  const seen = new Set<string>();
  const groups: FactGroup[] = [{ via: [], facts: freshFacts(root.facts, seen) }];
  const rootLinks = inputLinks(root);
  const values = new Map<MetricId, MetricValue>();
  const rejected = new Set<MetricId>();
  const visited = new Set<MetricId>([root.metric]);
  let missed = 0;
  let frontier: { e: Explanation; via: MetricId[] }[] = [{ e: root, via: [] }];

  for (let depth = 1; depth <= MAX_DEPTH && frontier.length > 0; depth++) {
    const tasks: { link: InputLink; via: MetricId[] }[] = [];
    for (const { e, via } of frontier) {
      for (const link of e === root ? rootLinks : inputLinks(e)) {
        if (visited.has(link.metric) || (!link.follow && e !== root)) continue;
        visited.add(link.metric);
        tasks.push({ link, via: [...via, link.metric] });
      }
    }
    const answers = await Promise.all(tasks.map((t) => fetch(root.key, t.link.metric)));
    const next: typeof frontier = [];
    answers.forEach((r, i) => {
      const t = tasks[i];
      if (!t) return;
      if (!r.ok) {
        missed++;
        return;
      }
      // A part that only shares a name with a metric is not that metric: do not follow it.
      if (!agrees(t.link.partValue, r.value.value)) {
        if (depth === 1) rejected.add(t.link.metric);
        return;
      }
      if (depth === 1) values.set(t.link.metric, r.value.value);
      if (!t.link.follow) return;
      const fresh = freshFacts(r.value.facts, seen);
      if (fresh.length > 0) groups.push({ via: t.via, facts: fresh });
      next.push({ e: r.value, via: t.via });
    });
    frontier = next;
  }
  const inputs = rootLinks.filter((l) => !rejected.has(l.metric)).map((l) => ({ ...l, value: values.get(l.metric) }));
  return { inputs, groups, missed };
}

export function useExplanation(fetch: ExplainFetcher, key: string, metric: MetricId): ExplainState {
  const [state, setState] = useState<ExplainState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    void fetch(key, metric).then(async (r) => {
      if (!live) return;
      if (!r.ok) {
        setState({ status: 'error', error: r.error });
        return;
      }
      const root = r.value;
      const pending = inputLinks(root);
      setState({
        status: 'ready',
        root,
        inputs: pending.map((l) => ({ ...l, value: undefined })),
        // A fact can back a value twice (a quarter used in two year-to-date differences): list it once.
        groups: [{ via: [], facts: freshFacts(root.facts, new Set()) }],
        tracing: pending.length > 0,
        missedInputs: 0,
      });
      if (pending.length === 0) return;
      const trail = await followTrail(fetch, root);
      if (!live) return;
      setState({ status: 'ready', root, inputs: trail.inputs, groups: trail.groups, tracing: false, missedInputs: trail.missed });
    });
    return () => {
      live = false;
    };
  }, [fetch, key, metric]);
  return state;
}
