// End-of-year snapshot of the students for the regional ENT (digital workspace).
import { PrismaClient } from "@prisma/client";
import { writeFile, mkdir } from "node:fs/promises";
import got from "got";

const prisma = new PrismaClient();

async function main(): Promise<void> {
  const year = process.env.SCHOOL_YEAR ?? "2023-2024";
  // ruleid: unfiltered-extraction
  const students = await prisma.student.findMany({ include: { guardians: true, grades: true } });

  await mkdir("./exports", { recursive: true });
  const snapshot = { year, generatedAt: new Date().toISOString(), students };
  // local copy kept for the school secretary
  // ruleid: unencrypted-patient-write
  await writeFile(`./exports/students-${year}.json`, JSON.stringify(snapshot, null, 2));

  // push to the ENT over HTTPS; the body itself is plain JSON
  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  const response = await got.post("https://ent.region-academie.fr/api/import/students", {
    json: snapshot,
    headers: { authorization: `Bearer ${process.env.ENT_TOKEN}` },
  }).json<{ imported: number }>();
  console.log(`ENT imported ${response.imported}/${students.length}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
