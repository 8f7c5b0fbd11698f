import { ApiProperty } from '@nestjs/swagger';
import { ProviderSummaryDto } from './dataset.response.dto';

export class DatasetSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty() licence!: string;
  @ApiProperty() sensitivity!: string;
  @ApiProperty() visibility!: string;
  @ApiProperty() updateFrequency!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: ProviderSummaryDto }) provider!: ProviderSummaryDto;
  @ApiProperty() latestSchemaVersion!: number;
  @ApiProperty({ description: 'text relevance (0 without q)' }) rank!: number;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() version!: number;
}

export class FacetValueDto {
  @ApiProperty() value!: string;
  @ApiProperty() count!: number;
}

export class DatasetFacetsDto {
  @ApiProperty({ type: [FacetValueDto] }) theme!: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto] }) providerKind!: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto] }) sensitivity!: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto] }) licence!: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto] }) status!: FacetValueDto[];
}

export class SearchDatasetsResponseDto {
  @ApiProperty({ type: [DatasetSummaryDto] }) items!: DatasetSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'datasets matching the query and filters (as of countedAt)' })
  total!: number;
  @ApiProperty({
    type: DatasetFacetsDto,
    description: 'counts over the whole match, not just this page',
  })
  facets!: DatasetFacetsDto;
  @ApiProperty({
    format: 'date-time',
    description:
      'when total and facets were counted: at most SEARCH_COUNTS_MAX_AGE_MS (5 s by default) ago; the items are always current',
  })
  countedAt!: string;
}
