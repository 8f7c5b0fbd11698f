import { searchStatementFor } from './explain-search';

describe('searchStatementFor (the statements explain-search and the benchmark run)', () => {
  it('checks the query as the API does, naming each offending parameter', () => {
    expect(() => searchStatementFor({ theme: 'XXX', limit: '0' }, {})).toThrow(
      /theme: each value in theme must be one of[^\n]*\nlimit: /,
    );
    expect(() => searchStatementFor({ colour: 'red' }, {})).toThrow(
      /colour: property colour should not exist/,
    );
  });

  it('scopes a participant to what it may see, and an operator to everything', () => {
    const viewer = '7a1d2c3e-4b5f-4a6b-8c7d-9e0f1a2b3c4d';
    const asParticipant = searchStatementFor({ q: 'bus' }, { participantId: viewer });
    const asOperator = searchStatementFor({ q: 'bus' }, {});
    for (const part of ['page', 'counts'] as const) {
      expect(asParticipant[part].params).toContain(viewer);
      expect(asOperator[part].params).not.toContain(viewer);
      expect(asParticipant[part].params).toContain('bus');
      expect(asParticipant[part].text).not.toEqual(asOperator[part].text);
    }
  });
});
