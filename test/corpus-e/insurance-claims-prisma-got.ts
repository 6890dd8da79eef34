/**
 * Transmission trimestrielle des sinistres au réassureur.
 */
import { PrismaClient } from "@prisma/client";
import got from "got";

const prisma = new PrismaClient();

export async function sendClaims(trimestre: { debut: Date; fin: Date }): Promise<void> {
  // ruleid: unfiltered-extraction
  const assures = await prisma.assure.findMany();
  // ok: unfiltered-extraction
  const sinistres = await prisma.sinistre.findMany({
    select: { id: true, numeroContrat: true, dateSurvenance: true, montantIndemnise: true, garantie: true },
    where: { dateSurvenance: { gte: trimestre.debut, lt: trimestre.fin } },
  });
  const parContrat = new Map(assures.map((a) => [a.numeroContrat, a]));
  const payload = sinistres.map((s) => ({
    ...s,
    assure: parContrat.get(s.numeroContrat),
  }));

  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  const res = await got.post({
    // ok: plaintext-transfer
    url: "https://api.reassureur.example.com/v2/sinistres",
    json: { periode: trimestre, sinistres: payload },
    username: "assureur_fr",
    // ruleid: hardcoded-credentials
    password: "R3assur!2022",
    responseType: "json",
    retry: { limit: 2 },
  });
  console.log("accusé de réception", res.statusCode);
}

const now = new Date();
const debut = new Date(now.getFullYear(), Math.floor(now.getMonth() / 3) * 3 - 3, 1);
const fin = new Date(debut.getFullYear(), debut.getMonth() + 3, 1);

sendClaims({ debut, fin })
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
