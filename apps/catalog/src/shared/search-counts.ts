import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/** What a count holds: at least when it was counted (the search's total and facets beside). */
export interface Counts {
  countedAt: Date;
}

/** How old a search's total and facets may be, in milliseconds (0: counted on every request). */
export const SEARCH_COUNTS_MAX_AGE_MS = Symbol('SEARCH_COUNTS_MAX_AGE_MS');

/**
 * The total and facet counts of recent searches, kept at most `maxAgeMs` (SEARCH_COUNTS_MAX_AGE_MS)
 * per distinct counts statement (text and parameters: the filters, the words and, for a
 * participant, its own drafts). Counting reads every matching dataset, which costs as much as
 * ranking the page, while the counts change only when datasets do; so a burst of searches for the
 * same thing counts once, and concurrent misses of one key share one count (lru-cache's fetch).
 *
 * Here in `shared` because participants (a provider's kind is a facet) and datasets both invalidate
 * it. `invalidate()` after a dataset write makes this replica count again at once (a provider sees its
 * own change in the facets); another replica's counts follow within `maxAgeMs`, and the response's
 * `countedAt` says how old they are (docs/adr/2026-12-06-catalog-search-counts.md).
 */
@Injectable()
export class SearchCounts {
  private readonly cache: LRUCache<string, Counts, () => Promise<Counts>> | undefined;
  // A write bumps the generation instead of clearing the cache: a count already under way when the
  // write commits lands under the old generation, where no later search looks for it, and ages
  // out; clearing would abort that fetch and fail the searches waiting on it.
  private generation = 0;

  constructor(@Inject(SEARCH_COUNTS_MAX_AGE_MS) maxAgeMs: number) {
    this.cache =
      maxAgeMs > 0
        ? new LRUCache({
            // Bounded: each entry is a few hundred bytes of counts; 2,000 distinct searches at most.
            max: 2000,
            ttl: maxAgeMs,
            fetchMethod: async (_key, _stale, { options, context }) => {
              const counted = await context();
              // The age runs from countedAt (taken before the statement was sent), not from when
              // the result arrived: no count is served older than maxAgeMs.
              options.ttl = Math.max(1, maxAgeMs - (Date.now() - counted.countedAt.getTime()));
              return counted;
            },
          })
        : undefined;
  }

  /** The counts of `statement`: remembered ones if young enough, else counted by `count`. */
  async get<T extends Counts>(
    statement: { text: string; params: unknown[] },
    count: () => Promise<T>,
  ): Promise<T> {
    if (!this.cache) return count();
    const key = `${this.generation}\u0000${statement.text}\u0000${JSON.stringify(statement.params)}`;
    // forceRefresh is false and fetchMethod always resolves or rejects: the value is defined.
    return (await this.cache.fetch(key, { context: count })) as T;
  }

  /** Forget every remembered count (a dataset changed on this replica). */
  invalidate(): void {
    this.generation++;
  }
}
