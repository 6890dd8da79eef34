import { withFile } from "tmp-promise";
import { writeFile } from "node:fs/promises";
import { Client } from "basic-ftp";
import { knex } from "../lib/db";

interface Total {
  department_id: number;
  effectif: number;
  masse: number;
}

/** Head count and payroll mass per department, for the group controller. */
export async function headcountReport(year: number): Promise<void> {
  // ok: unfiltered-extraction
  const departments = await knex("departments").select("*");
  // ok: unfiltered-extraction
  const totals: Total[] = await knex("salaries").select("department_id").count({ effectif: "*" }).sum({ masse: "gross" }).where("year", year).groupBy("department_id");

  const labels = new Map<number, string>(departments.map((d: { id: number; label: string }) => [d.id, d.label]));
  const lines = ["service;effectif;masse", ...totals.map((t) => `${labels.get(t.department_id)};${t.effectif};${t.masse}`)];

  await withFile(
    async ({ path }) => {
      // ok: unencrypted-patient-write
      await writeFile(path, lines.join("\n"));
      const client = new Client();
      try {
        // ok: plaintext-transfer
        await client.access({
          host: "ftps.example-group.com",
          // ok: anonymous-access
          user: process.env.GROUP_FTP_USER,
          // ok: hardcoded-credentials
          password: process.env.GROUP_FTP_PASSWORD,
          secure: "implicit",
          port: 990,
        });
        // ok: no-delete-after-transfer
        await client.uploadFrom(path, `controlling/headcount-${year}.csv`);
      } finally {
        client.close();
      }
    },
    { postfix: ".csv" },
  );
}
