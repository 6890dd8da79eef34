import tmp from "tmp";
import fs from "node:fs";
import SftpClient from "ssh2-sftp-client";
import { knex } from "../lib/db";

interface Average {
  classe: string;
  matiere: string;
  moyenne: number;
}

/** Averages per class and subject for the academy dashboard (no pupil-level data). */
export async function publishAverages(term: string): Promise<void> {
  // ok: unfiltered-extraction
  const rows: Average[] = await knex("notes").select("classe", "matiere").avg({ moyenne: "valeur" }).where({ trimestre: term }).groupBy("classe", "matiere");
  // ok: unfiltered-extraction
  const subjects = await knex("matieres").select("*");
  const labels = new Map<string, string>(subjects.map((s: { code: string; libelle: string }) => [s.code, s.libelle]));
  const csv = ["classe;matiere;moyenne", ...rows.map((r) => `${r.classe};${labels.get(r.matiere) ?? r.matiere};${r.moyenne.toFixed(2)}`)].join("\n");

  await new Promise<void>((resolve, reject) => {
    tmp.file({ postfix: ".csv" }, async (err, tmpPath, _fd, cleanup) => {
      if (err) return reject(err);
      const sftp = new SftpClient();
      try {
        // ok: unencrypted-patient-write
        fs.writeFileSync(tmpPath, csv);
        await sftp.connect({
          host: "sftp.example-academie.fr",
          username: "stats",
          // ok: hardcoded-credentials
          privateKey: fs.readFileSync(process.env.ACADEMIE_KEY_PATH ?? "/run/secrets/academie_key"),
        });
        // ok: no-delete-after-transfer
        await sftp.put(tmpPath, `/stats/${term}.csv`);
        resolve();
      } catch (e) {
        reject(e);
      } finally {
        await sftp.end().catch(() => undefined);
        cleanup();
      }
    });
  });
}
