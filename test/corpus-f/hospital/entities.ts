import { Column, DataSource, Entity, PrimaryGeneratedColumn, ManyToOne } from "typeorm";

@Entity("patients")
export class Patient {
  @PrimaryGeneratedColumn() id!: number;
  @Column() nir!: string;
  @Column() nom!: string;
  @Column() prenom!: string;
  @Column({ name: "date_naissance", type: "date" }) dateNaissance!: string;
  @Column({ nullable: true }) telephone?: string;
}

@Entity("analyses")
export class Analysis {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Patient) patient!: Patient;
  @Column({ name: "patient_id" }) patientId!: number;
  @Column({ name: "lab_id" }) labId!: string;
  @Column() code!: string;
  @Column() valeur!: string;
  @Column({ name: "date_prelevement", type: "timestamp" }) datePrelevement!: Date;
  @Column({ type: "text", nullable: true }) commentaire?: string;
}

/** Reference table: analysis codes, units, normal ranges. No personal data. */
@Entity("lab_parameters")
export class LabParameter {
  @PrimaryGeneratedColumn() id!: number;
  @Column() code!: string;
  @Column() libelle!: string;
  @Column() unite!: string;
}

export const LabDataSource = new DataSource({
  type: "postgres",
  host: process.env.LAB_DB_HOST ?? "db.example-lab.fr",
  port: 5432,
  // ok: hardcoded-credentials
  username: process.env.LAB_DB_USER ?? "lab_app",
  // ok: hardcoded-credentials
  password: process.env.LAB_DB_PASSWORD,
  database: "lis",
  entities: [Patient, Analysis, LabParameter],
  synchronize: false,
  ssl: { ca: process.env.LAB_DB_CA },
});
