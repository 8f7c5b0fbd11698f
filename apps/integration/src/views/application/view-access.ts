import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { SourceAccessCheck, type SourceAccess } from '../../access/application/source-access';
import { fieldsUsed, type ViewDefinition } from '../domain/view-definition';

/**
 * Who may define or read a view: on each side, the dataset's provider or the consumer of an
 * agreement in force covering every field the view uses from it. Otherwise 403 with the reason.
 */
@Injectable()
export class ViewAccessCheck {
  constructor(private readonly sources: SourceAccessCheck) {}

  async require(
    em: EntityManager,
    participantId: string,
    def: Pick<ViewDefinition, 'leftDatasetId' | 'rightDatasetId' | 'joinKeys' | 'aggregations'>,
  ): Promise<{ left: SourceAccess; right: SourceAccess }> {
    const left = await this.sources.of(
      em,
      participantId,
      def.leftDatasetId,
      fieldsUsed(def, 'left'),
    );
    const right = await this.sources.of(
      em,
      participantId,
      def.rightDatasetId,
      fieldsUsed(def, 'right'),
    );
    const refused = [left, right].filter((a) => a.kind === 'none');
    if (refused.length)
      throw new AppError(
        'forbidden',
        'VIEW.SOURCE_NOT_READABLE',
        refused.map((a) => (a.kind === 'none' ? a.reason : '')).join('; '),
      );
    return { left, right };
  }
}
