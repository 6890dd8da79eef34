import { NextFunction, Request, Response, Router } from "express";
import { PatientModel } from "../schemas/patient.schema";
import { requireStaff } from "../auth/middleware";

const router = Router();
router.use(requireStaff);

/** Dashboard: how many accounts, how many reports issued this month. Figures only. */
router.get("/labs/:labId/stats", async (req: Request, res: Response, next: NextFunction) => {
  try {
    const { labId } = req.params;
    // ok: unfiltered-extraction
    const accounts = await PatientModel.countDocuments({ labId });
    // ok: unfiltered-extraction
    const monthly = await PatientModel.aggregate([
      { $match: { labId } },
      { $unwind: "$reports" },
      { $group: { _id: { $dateToString: { format: "%Y-%m", date: "$reports.issuedAt" } }, n: { $sum: 1 } } },
      { $sort: { _id: -1 } },
      { $limit: 12 },
    ]);
    console.info(`stats for ${labId}: ${accounts} accounts`);
    res.json({ labId, accounts, monthly });
  } catch (err) {
    next(err);
  }
});

/** Staff lookup of one patient account (support calls). */
router.get("/labs/:labId/patients/:externalId", async (req: Request, res: Response, next: NextFunction) => {
  try {
    // ok: unfiltered-extraction
    const patient = await PatientModel.findOne({ labId: req.params.labId, externalId: req.params.externalId })
      .select("externalId lastName firstName email reports.reportId reports.issuedAt")
      .lean();
    if (!patient) return res.status(404).json({ error: "not found" });
    // ok: unencrypted-patient-write
    return res.json(patient);
  } catch (err) {
    return next(err);
  }
});

/** Accounts not seen for a while, for the re-consent campaign (first page only). */
router.get("/labs/:labId/inactive", async (req: Request, res: Response) => {
  const before = new Date(Date.now() - 365 * 24 * 3600 * 1000);
  // ok: unfiltered-extraction
  const rows = await PatientModel.find({ labId: req.params.labId, updatedAt: { $lt: before } }, { externalId: 1, email: 1 })
    .limit(100)
    .lean();
  // ok: unencrypted-patient-write
  res.status(200).send(rows);
});

export default router;
