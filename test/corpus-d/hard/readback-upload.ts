// Cancer registry declarations: written line by line, then read back, compressed and posted.
import { createWriteStream, readFileSync } from "fs";
import { gzipSync } from "zlib";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

function openExport(file: string) {
  const stream = createWriteStream(file, { flags: "w" });
  return {
    // ruleid: unencrypted-patient-write
    put: (line: string) => stream.write(line + "\n"),
    close: () => new Promise<void>((resolve) => stream.end(resolve)),
  };
}

export async function sendToRegistry(from: Date): Promise<void> {
  const file = `/tmp/registre-cancers-${from.toISOString().slice(0, 10)}.csv`;
  const out = openExport(file);
  // ok: unfiltered-extraction
  const cases = await prisma.tumourCase.findMany({ where: { diagnosedAt: { gte: from } }, select: { patientNir: true, birthYear: true, icd10: true, diagnosedAt: true } });
  for (const c of cases) out.put(`${c.patientNir},${c.birthYear},${c.icd10},${c.diagnosedAt.toISOString()}`);
  await out.close();

  const encoded = gzipSync(readFileSync(file)).toString("base64");
  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  // ruleid: no-delete-after-transfer
  const res = await fetch("https://registre-regional.example/api/declarations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ file: encoded }) });
  if (!res.ok) throw new Error(`registry refused: ${res.status}`);
  await prisma.$disconnect();
}
