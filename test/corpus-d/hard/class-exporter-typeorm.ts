// Exporter class used when a department leaves the shared DPI. The sink is a method alias.
import { DataSource, EntitySchema, type Repository } from "typeorm";
import { promises as fsp } from "fs";

interface Patient {
  id: number;
  nir: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  hivStatus: string | null;
  notes: string | null;
}

const PatientSchema = new EntitySchema<Patient>({
  name: "Patient",
  tableName: "patients",
  columns: {
    id: { type: Number, primary: true },
    nir: { type: String },
    lastName: { type: String },
    firstName: { type: String },
    birthDate: { type: String },
    hivStatus: { type: String, nullable: true },
    notes: { type: String, nullable: true },
  },
});

export class PatientExporter {
  private readonly persist = fsp.appendFile;
  private readonly repo: Repository<Patient>;

  constructor(ds: DataSource, private readonly target: string) {
    this.repo = ds.getRepository(PatientSchema);
  }

  private async load(): Promise<Patient[]> {
    // ruleid: unfiltered-extraction
    return this.repo.find({ order: { id: "ASC" } });
  }

  private transform(list: Patient[]): string[] {
    return list.map(({ nir, lastName: nom, firstName: prenom, ...others }) =>
      [nir, nom, prenom, others.birthDate, others.hivStatus ?? "", others.notes ?? ""].join("\t"));
  }

  async run(): Promise<number> {
    const lines = this.transform(await this.load());
    for (const l of lines) {
      // ruleid: unencrypted-patient-write
      await this.persist(this.target, l + "\n");
    }
    return lines.length;
  }
}

const ds = new DataSource({ type: "postgres", url: process.env.DPI_URL, entities: [PatientSchema] });
ds.initialize()
  .then(() => new PatientExporter(ds, "/srv/share/patients.tsv").run())
  .then((n) => console.log(`${n} lines`))
  .finally(() => ds.destroy());
