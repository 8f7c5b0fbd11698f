import { uuidOfIri } from './iri';

describe('the UUID an IRI of ours ends in', () => {
  const id = '3f0c2b4e-8a51-4d7e-9c3a-1b2d3e4f5a6b';

  it('is read from a dataset IRI, a urn:uuid and a bare id alike, lower-cased', () => {
    expect(uuidOfIri(`https://catalog.example/v1/datasets/${id}`)).toBe(id);
    expect(uuidOfIri(`urn:uuid:${id.toUpperCase()}`)).toBe(id);
    expect(uuidOfIri(id)).toBe(id);
  });

  it('is null for anything that does not end in one', () => {
    expect(uuidOfIri(`urn:uuid:${id}/extra`)).toBeNull();
    expect(uuidOfIri('urn:dx:offer:1')).toBeNull();
    expect(uuidOfIri({ '@id': id })).toBeNull();
    expect(uuidOfIri(undefined)).toBeNull();
  });
});
