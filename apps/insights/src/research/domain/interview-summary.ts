import {
  INTERVIEW_CONSTRUCTS,
  INTERVIEW_THEME_CODES,
  INTERVIEW_THEMES,
  type InterviewConstruct,
  type InterviewTheme,
} from '@dx/contracts';

/** One closing interview as the research export shows it (docs/research.md §5). */
export interface InterviewRecord {
  interview: string;
  participant: string;
  /** The participant's kind (municipality, business, …), so themes can be read per side. */
  participantKind: string | null;
  stakeholderRole: string;
  heldAt: string;
  ratings: Array<{ construct: InterviewConstruct; score: number }>;
  positive: InterviewTheme[];
  negative: InterviewTheme[];
  notes: string | null;
}

export interface ThemeCount {
  theme: InterviewTheme;
  construct: string;
  /** Interviews that named the theme as a factor that helped. */
  positive: number;
  /** … as a factor that hurt. */
  negative: number;
  /** Interviews that named it at all; the share is of all interviews. */
  interviews: number;
  share: number;
}

export interface RatingSummary {
  construct: InterviewConstruct;
  n: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}

export interface InterviewSummary {
  interviews: number;
  byKind: Record<string, number>;
  /** Every theme of the codebook, most named first (ties in codebook order); zeros kept. */
  themes: ThemeCount[];
  ratings: RatingSummary[];
}

const median = (sorted: number[]): number =>
  sorted.length % 2
    ? sorted[(sorted.length - 1) / 2]
    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;

/**
 * Counts themes across interviews the way the study validated its factors: an interview names a
 * theme or not (one vote each, however long it dwelt on it), separately as helping and hurting.
 * Every codebook theme is listed, so a factor nobody named shows as 0 rather than missing.
 */
export function summariseInterviews(records: readonly InterviewRecord[]): InterviewSummary {
  const themes = INTERVIEW_THEME_CODES.map((theme, order) => {
    const positive = records.filter((r) => r.positive.includes(theme)).length;
    const negative = records.filter((r) => r.negative.includes(theme)).length;
    const interviews = positive + negative; // a theme is never coded both ways in one interview
    return {
      order,
      count: {
        theme,
        construct: INTERVIEW_THEMES[theme],
        positive,
        negative,
        interviews,
        share: records.length ? interviews / records.length : 0,
      },
    };
  })
    .sort((a, b) => b.count.interviews - a.count.interviews || a.order - b.order)
    .map((t) => t.count);
  const ratings = INTERVIEW_CONSTRUCTS.map((construct) => {
    const scores = records
      .flatMap((r) => r.ratings.filter((x) => x.construct === construct).map((x) => x.score))
      .sort((a, b) => a - b);
    return {
      construct,
      n: scores.length,
      mean: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      median: scores.length ? median(scores) : null,
      min: scores.length ? scores[0] : null,
      max: scores.length ? scores[scores.length - 1] : null,
    };
  });
  const byKind: Record<string, number> = {};
  for (const r of records) {
    const k = r.participantKind ?? 'unknown';
    byKind[k] = (byKind[k] ?? 0) + 1;
  }
  return { interviews: records.length, byKind, themes, ratings };
}
