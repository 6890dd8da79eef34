import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** Lab instruments (analyzers). Reference data only: no patient information. */
@Entity("analyzers")
export class Analyzer {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ length: 64 })
  model!: string;

  @Column({ name: "serial_number", length: 64 })
  serialNumber!: string;

  @Column({ name: "site_id" })
  siteId!: number;

  @Column({ name: "firmware_version", nullable: true })
  firmwareVersion!: string | null;

  @Column({ name: "last_calibrated_at", type: "timestamptz", nullable: true })
  lastCalibratedAt!: Date | null;

  @Column({ default: true })
  active!: boolean;
}
