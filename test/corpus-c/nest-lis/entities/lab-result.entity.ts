import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Analyzer } from "./analyzer.entity";
import { Patient } from "./patient.entity";

export enum ResultStatus {
  Pending = "pending",
  Validated = "validated",
  Cancelled = "cancelled",
}

@Entity("lab_results")
export class LabResult {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Patient, (p) => p.results, { onDelete: "CASCADE" })
  @JoinColumn({ name: "patient_id" })
  patient!: Patient;

  @ManyToOne(() => Analyzer, { nullable: true })
  @JoinColumn({ name: "analyzer_id" })
  analyzer!: Analyzer | null;

  @Column({ name: "loinc_code", length: 16 })
  loincCode!: string;

  @Column({ name: "value_text" })
  valueText!: string;

  @Column({ nullable: true })
  unit!: string | null;

  @Column({ name: "validated_by", nullable: true })
  validatedBy!: string | null;

  /** Biologist's interpretation. Free text, may mention diagnoses. */
  @Column({ name: "interpretation", type: "text", nullable: true })
  interpretation!: string | null;

  @Column({ type: "enum", enum: ResultStatus, default: ResultStatus.Pending })
  status!: ResultStatus;

  @Column({ name: "sampled_at", type: "timestamptz" })
  sampledAt!: Date;
}
