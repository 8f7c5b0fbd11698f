import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'standards', schema: 'catalog' })
export class StandardOrmEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') title!: string;
  @Column('text') description!: string;
  @Column({ type: 'text', nullable: true }) uri!: string | null;
}
