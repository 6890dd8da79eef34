// Daily activity counters written to the ops journal. No personal data leaves the DB.
import { PrismaClient } from "@prisma/client";
import { createWriteStream } from "node:fs";

const prisma = new PrismaClient();
const journal = createWriteStream("/var/log/sil/activite.log", { flags: "a" });

export async function logDailyCounters(day: Date): Promise<void> {
  const next = new Date(day.getTime() + 86_400_000);
  // ok: unfiltered-extraction
  const patientCount = await prisma.patient.count();
  // ok: unfiltered-extraction
  const newPatients = await prisma.patient.count({ where: { createdAt: { gte: day, lt: next } } });
  // ok: unfiltered-extraction
  const byStatus = await prisma.analyse.groupBy({ by: ["statut"], _count: { _all: true } });

  const nomFichier = `activite_${day.toISOString().slice(0, 10)}`;
  const statuses = byStatus.map((s) => `${s.statut}=${s._count._all}`).join(" ");
  // ok: unencrypted-patient-write
  journal.write(`${nomFichier} patients=${patientCount} nouveaux=${newPatients} ${statuses}\n`);
}

logDailyCounters(new Date(new Date().toDateString()))
  .catch((e) => console.error(e))
  .finally(async () => {
    journal.end();
    await prisma.$disconnect();
  });
