import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import { LabResult } from "./lab-result.entity";

/**
 * A patient record of the laboratory information system.
 * Mirrors the legacy "PATIENT" table of the previous product, renamed during the 2023 migration.
 */
@Entity("patients")
@Index(["lastName", "firstName", "birthDate"])
export class Patient {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "site_id" })
  siteId!: number;

  @Column({ name: "last_name", length: 120 })
  lastName!: string;

  @Column({ name: "first_name", length: 120 })
  firstName!: string;

  @Column({ name: "birth_date", type: "date" })
  birthDate!: string;

  @Column({ name: "social_security_number", length: 15, nullable: true })
  socialSecurityNumber!: string | null;

  @Column({ nullable: true })
  email!: string | null;

  @Column({ nullable: true })
  phone!: string | null;

  @Column({ name: "address_line", nullable: true })
  addressLine!: string | null;

  @Column({ name: "postal_code", length: 10, nullable: true })
  postalCode!: string | null;

  @Column({ name: "insurer_code", nullable: true })
  insurerCode!: string | null;

  /** Free-text notes typed at the reception desk. Can hold clinical information. */
  @Column({ name: "reception_comment", type: "text", nullable: true })
  receptionComment!: string | null;

  @Column({ name: "last_visit_at", type: "timestamptz", nullable: true })
  lastVisitAt!: Date | null;

  @OneToMany(() => LabResult, (r) => r.patient)
  results!: LabResult[];

  @CreateDateColumn({ name: "created_at" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at" })
  updatedAt!: Date;
}
