import { Inject, Injectable } from '@nestjs/common';
import { DSP_CONTEXT_URL, dspCatalogue, dspDataset, type CatalogueDataset } from '@dx/dataspace';
import { AppError } from '@dx/contracts';
import { SERVICE_CONFIG } from '@dx/service-kit';
import {
  datasetBaseOf,
  odrlProfileOf,
  protocolAddressOf,
  type DspConfig,
} from '../../config/dsp.config';
import {
  PlatformApi,
  PlatformRefusal,
  type DatasetOffers,
} from '../../platform/application/platform-api';
import { uuidOfIri } from '../../protocol/domain/iri';

/** Datasets described at once while a catalogue is built (each is one call to the catalog). */
const CONCURRENCY = 8;

/**
 * The catalogue a connector's participant sees: every published dataset with standard terms that
 * is not its own, with the offers it gets (consent's offers: the provider's standard terms and
 * decision policy, for this participant's trust tier), described from the catalog.
 */
@Injectable()
export class BuildCatalogueHandler {
  constructor(
    private readonly platform: PlatformApi,
    @Inject(SERVICE_CONFIG) private readonly config: DspConfig,
  ) {}

  async catalogue(token: string): Promise<Record<string, unknown>> {
    const [all, licences] = await Promise.all([
      this.platform.offers(token),
      this.platform.licences(token),
    ]);
    const offers = all.filter((o) => o.offers.length > 0);
    const datasets: CatalogueDataset[] = [];
    for (let i = 0; i < offers.length; i += CONCURRENCY) {
      datasets.push(
        ...(await Promise.all(
          offers.slice(i, i + CONCURRENCY).map((o) => this.describe(token, o, licences)),
        )),
      );
    }
    return dspCatalogue({ ...this.frame(), datasets });
  }

  /** One dataset (`GET /catalog/datasets/{id}`): 404 when this participant is offered nothing. */
  async dataset(token: string, id: string): Promise<Record<string, unknown>> {
    const datasetId = this.datasetIdOf(id);
    const offers = await this.platform.datasetOffers(token, datasetId).catch((err: unknown) => {
      // Not published with standard terms is, to a connector, not offered.
      if (err instanceof PlatformRefusal && err.status === 404) return null;
      throw err;
    });
    if (!offers || offers.offers.length === 0)
      throw new AppError(
        'not_found',
        'DSP.DATASET_NOT_OFFERED',
        `dataset ${id} is not offered to you`,
      );
    const licences = await this.platform.licences(token);
    return {
      '@context': [DSP_CONTEXT_URL],
      ...dspDataset(this.frame(), await this.describe(token, offers, licences)),
    };
  }

  /** Our dataset IRIs are the catalog's (`…/v1/datasets/<uuid>`); a bare id is taken too. */
  datasetIdOf(iri: string): string {
    const id = uuidOfIri(iri);
    if (!id)
      throw new AppError('not_found', 'DSP.DATASET_NOT_OFFERED', `${iri} is not a dataset of ours`);
    return id;
  }

  private frame() {
    return {
      protocolAddress: protocolAddressOf(this.config),
      participantId: this.config.DSP_CLIENT_ID,
      datasetBase: datasetBaseOf(this.config),
      odrlProfile: odrlProfileOf(this.config),
    };
  }

  private async describe(
    token: string,
    o: DatasetOffers,
    licences: Map<string, string>,
  ): Promise<CatalogueDataset> {
    const d = await this.platform.dataset(token, o.datasetId);
    return {
      id: d.id,
      title: d.title,
      description: d.description,
      themes: d.themes,
      keywords: d.keywords,
      translations: d.translations,
      licenceUri: licences.get(d.licence) ?? d.licence,
      updateFrequency: d.updateFrequency,
      spatialCoverage: d.spatialCoverage,
      temporalCoverage: d.temporalCoverage,
      contactPoint: d.contactPoint,
      status: d.status,
      publishedAt: d.publishedAt ? new Date(d.publishedAt) : null,
      updatedAt: new Date(d.updatedAt),
      latestSchemaVersion: d.latestSchemaVersion,
      provider: d.provider,
      offers: o.offers.map((offer) => ({
        // Stable for the day: what a peer requests names the dataset, purpose, terms version and day.
        id: `urn:dx:offer:${o.datasetId}:${offer.purpose}:${o.termsVersion}:${offer.terms.validFrom.slice(0, 10)}`,
        terms: offer.terms,
      })),
    };
  }
}
