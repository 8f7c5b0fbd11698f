import { Injectable } from '@nestjs/common';
import { PANEL_COLUMNS, type PanelColumn } from '../domain/panel-columns';
import { PseudonymKey } from '../persistence/pseudonym-key';
import { PanelQuery, type PanelRow } from '../queries/panel.query';

export interface PanelReport {
  pseudonymised: boolean;
  generatedAt: string;
  dictionary: PanelColumn[];
  rows: PanelRow[];
}

/** The research panel with its data dictionary; pseudonymised unless names were asked for. */
@Injectable()
export class GetResearchPanel {
  constructor(
    private readonly panel: PanelQuery,
    private readonly key: PseudonymKey,
  ) {}

  async execute(q: { now: Date; names: boolean }): Promise<PanelReport> {
    const rows = await this.panel.execute({
      now: q.now,
      pseudonymise: q.names ? null : await this.key.pseudonymiser(),
    });
    return {
      pseudonymised: !q.names,
      generatedAt: q.now.toISOString(),
      dictionary: [...PANEL_COLUMNS],
      rows,
    };
  }
}
