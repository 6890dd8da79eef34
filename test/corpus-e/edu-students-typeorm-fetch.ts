/**
 * Import des élèves dans l'ENT académique (API d'import par fichier CSV).
 */
import "reflect-metadata";
import { DataSource, Entity, PrimaryGeneratedColumn, Column } from "typeorm";
import Papa from "papaparse";

@Entity("eleves")
class Eleve {
  @PrimaryGeneratedColumn() id!: number;
  @Column() ine!: string;
  @Column() nom!: string;
  @Column() prenom!: string;
  @Column({ name: "date_naissance" }) dateNaissance!: string;
  @Column() classe!: string;
  @Column({ name: "responsable_email" }) responsableEmail!: string;
  @Column({ name: "besoins_particuliers", type: "text", nullable: true }) besoinsParticuliers!: string | null;
}

const ds = new DataSource({
  type: "mysql",
  url: process.env.SCOLARITE_DB_URL,
  entities: [Eleve],
});

// ruleid: plaintext-transfer
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // certificat auto-signé côté ENT

export async function syncEnt(uai: string): Promise<void> {
  await ds.initialize();
  const repo = ds.getRepository(Eleve);
  // ruleid: unfiltered-extraction
  const eleves = await repo.find();
  // ok: unfiltered-extraction
  const sixiemes = await repo.find({ select: { id: true, nom: true, prenom: true }, where: { classe: "6A" } });
  console.log(`${sixiemes.length} élèves en 6A`);

  const csv = Papa.unparse(
    eleves.map((e) => ({
      INE: e.ine,
      Nom: e.nom,
      Prenom: e.prenom,
      Naissance: e.dateNaissance,
      Classe: e.classe,
      Responsable: e.responsableEmail,
      PAP: e.besoinsParticuliers ?? "",
    }))
  );
  const form = new FormData();
  form.append("fichier", new Blob([csv], { type: "text/csv" }), "eleves.csv");
  form.append("uai", uai);

  // ok: plaintext-transfer
  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  const res = await fetch("https://ent.academie-exemple.fr/api/v1/import/eleves", {
    method: "POST",
    body: form,
    headers: { Authorization: `Bearer ${process.env.ENT_TOKEN}` },
  });
  if (!res.ok) throw new Error(`ENT: ${res.status} ${await res.text()}`);
  await ds.destroy();
}

syncEnt(process.env.UAI ?? "0750001A").catch((e) => {
  console.error(e);
  process.exit(1);
});
