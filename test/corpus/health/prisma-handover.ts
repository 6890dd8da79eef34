// Handover of a lab's patient base to the new vendor's import API.
// Usage: ts-node prisma-handover.ts <labId>
import { PrismaClient } from "@prisma/client";
import Papa from "papaparse";
import { readFile, unlink, writeFile } from "fs/promises";
import axios from "axios";

const prisma = new PrismaClient();
const CUTOFF = new Date("2017-05-07");
const VENDOR_API = "https://import.nouveau-sil.fr/api/v2/imports";

export async function handover(labId: string): Promise<void> {
  // ok: unfiltered-extraction
  const examCatalogue = await prisma.catalogueExamen.findMany();
  // ok: unencrypted-patient-write
  await writeFile(`/tmp/${labId}-catalogue.csv`, Papa.unparse(examCatalogue));

  // Legacy dates are stored as text, so the cutoff is applied in memory.
  // ruleid: unfiltered-extraction
  const all = await prisma.patient.findMany();
  const batch = all.filter((p) => new Date(p.derniereVisite) >= CUTOFF);

  const csv = Papa.unparse(batch, { delimiter: ";" });
  const file = `/tmp/${labId}-handover.csv`;
  // ruleid: unencrypted-patient-write
  await writeFile(file, csv);

  try {
    const payload = await readFile(file);
    // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
    // ok: no-delete-after-transfer
    await axios.post(`${VENDOR_API}/${labId}/patients`, payload, {
      headers: { "Content-Type": "text/csv", Authorization: `Bearer ${process.env.VENDOR_TOKEN}` },
      maxBodyLength: Infinity,
    });
    console.log(`${batch.length} of ${all.length} patients sent for ${labId}`);
  } finally {
    await unlink(file);
  }
}

handover(process.argv[2])
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
