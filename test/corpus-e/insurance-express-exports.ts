/**
 * Back-office assurance : génération d'exports à la demande et mise à disposition.
 */
import express from "express";
import serveIndex from "serve-index";
import { PrismaClient } from "@prisma/client";
import { promises as fs } from "fs";
import path from "path";
import { requireAuth } from "./auth";

const app = express();
const prisma = new PrismaClient();
const EXPORT_DIR = "/srv/assurance/exports";
const ARCHIVE_DIR = "/srv/assurance/archives";

app.use(express.json());
// ok: anonymous-access
app.use("/static", express.static(path.join(__dirname, "public"), { maxAge: "1d" }));
// ruleid: anonymous-access
app.use("/exports", express.static(EXPORT_DIR));
// ok: anonymous-access
app.use("/archives", requireAuth, express.static(ARCHIVE_DIR), serveIndex(ARCHIVE_DIR));

app.post("/api/exports/sinistres", requireAuth, async (req, res, next) => {
  try {
    const since = new Date(String(req.body.since));
    // ok: unfiltered-extraction
    const sinistres = await prisma.sinistre.findMany({
      select: { numeroDossier: true, assureNom: true, assurePrenom: true, dateSurvenance: true, natureDommage: true },
      where: { dateDeclaration: { gte: since }, statut: "OUVERT" },
    });
    const file = path.join(EXPORT_DIR, `sinistres_${Date.now()}.json`);
    // ruleid: unencrypted-patient-write
    await fs.writeFile(file, JSON.stringify(sinistres, null, 2));
    res.json({ file: `/exports/${path.basename(file)}`, count: sinistres.length });
  } catch (e) {
    next(e);
  }
});

app.listen(Number(process.env.PORT ?? 3000), () => console.log("back-office prêt"));
