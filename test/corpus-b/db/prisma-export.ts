// Prisma: an unrestricted findMany() filtered afterwards in JavaScript versus a query that
// asks the database only for what the lab requested.
import { PrismaClient } from "@prisma/client";
import { Parser } from "json2csv";
import * as fs from "fs";
import { seal } from "./lib/seal";

const prisma = new PrismaClient();

const FIELDS = ["ipp", "lastName", "firstName", "birthDate", "lastVisit"];

export async function exportRequested(labId: string, cutoff: Date, out: string): Promise<void> {
  // ruleid: unfiltered-extraction
  const x = await prisma.patient.findMany();
  const tmp = x.filter((p) => p.labId === labId && p.lastVisit >= cutoff);
  const csv = new Parser({ fields: FIELDS }).parse(tmp);
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(out, csv);
}

export async function exportRequestedV2(labId: string, cutoff: Date, out: string): Promise<void> {
  // ok: unfiltered-extraction
  const x = await prisma.patient.findMany({
    where: { labId, lastVisit: { gte: cutoff } },
    select: { ipp: true, lastName: true, firstName: true, birthDate: true, lastVisit: true },
  });
  const csv = new Parser({ fields: FIELDS }).parse(x);
  // ok: unencrypted-patient-write
  fs.writeFileSync(out, seal(csv));
}

export async function exportCatalog(out: string): Promise<void> {
  // ok: unfiltered-extraction
  const items = await prisma.product.findMany();
  // ok: unencrypted-patient-write
  fs.writeFileSync(out, new Parser().parse(items));
}

export async function exportStats(): Promise<Record<string, number>> {
  // ok: unfiltered-extraction
  const groups = await prisma.patient.groupBy({ by: ["labId"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.labId, g._count._all]));
}
