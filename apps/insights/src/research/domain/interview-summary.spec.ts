import { INTERVIEW_THEME_CODES } from '@dx/contracts';
import { summariseInterviews, type InterviewRecord } from './interview-summary';

const record = (over: Partial<InterviewRecord>): InterviewRecord => ({
  interview: 'i',
  participant: 'p',
  participantKind: 'business',
  stakeholderRole: 'Head of data',
  heldAt: '2026-11-01T00:00:00.000Z',
  ratings: [],
  positive: [],
  negative: [],
  notes: null,
  ...over,
});

describe('summariseInterviews', () => {
  const records = [
    record({
      positive: ['benefit-realised', 'common-standards'],
      negative: ['notice-of-changes'],
      ratings: [
        { construct: 'trust', score: 4 },
        { construct: 'communication', score: 2 },
      ],
    }),
    record({
      participantKind: 'municipality',
      positive: ['benefit-realised'],
      negative: ['legal-clarity'],
      ratings: [{ construct: 'trust', score: 5 }],
    }),
    record({
      negative: ['benefit-realised', 'notice-of-changes'],
      ratings: [{ construct: 'trust', score: 2 }],
    }),
  ];
  const s = summariseInterviews(records);

  it('counts each theme once per interview, helping and hurting apart, most named first', () => {
    expect(s.interviews).toBe(3);
    expect(s.themes[0]).toEqual({
      theme: 'benefit-realised',
      construct: 'benefits',
      positive: 2,
      negative: 1,
      interviews: 3,
      share: 1,
    });
    expect(s.themes[1]).toMatchObject({ theme: 'notice-of-changes', positive: 0, negative: 2 });
    // Ties keep codebook order; themes nobody named are listed with zeros.
    expect(s.themes.map((t) => t.theme).slice(2, 4)).toEqual(['common-standards', 'legal-clarity']);
    expect(s.themes).toHaveLength(INTERVIEW_THEME_CODES.length);
    expect(s.themes.at(-1)).toMatchObject({ interviews: 0, share: 0 });
  });

  it('summarises each rated construct and leaves unrated ones empty, not zero', () => {
    const trust = s.ratings.find((r) => r.construct === 'trust')!;
    expect(trust).toEqual({ construct: 'trust', n: 3, mean: 11 / 3, median: 4, min: 2, max: 5 });
    expect(s.ratings.find((r) => r.construct === 'communication')).toMatchObject({
      n: 1,
      median: 2,
    });
    expect(s.ratings.find((r) => r.construct === 'cooperation')).toEqual({
      construct: 'cooperation',
      n: 0,
      mean: null,
      median: null,
      min: null,
      max: null,
    });
    expect(s.byKind).toEqual({ business: 2, municipality: 1 });
  });

  it('takes an even number of scores to the middle of the two central ones', () => {
    const even = summariseInterviews([
      record({ ratings: [{ construct: 'benefits', score: 2 }] }),
      record({ ratings: [{ construct: 'benefits', score: 5 }] }),
    ]);
    expect(even.ratings.find((r) => r.construct === 'benefits')!.median).toBe(3.5);
    expect(summariseInterviews([]).themes.every((t) => t.share === 0)).toBe(true);
  });
});
