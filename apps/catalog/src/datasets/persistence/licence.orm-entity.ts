import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'licences', schema: 'catalog' })
export class LicenceOrmEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') title!: string;
  @Column('text') uri!: string;
  @Column('boolean') open!: boolean;
}
