// Ordinary service code: appointment endpoints of the patient portal API.
import { Router } from "express";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();
export const appointments = Router();

appointments.get("/doctors/:doctorId/appointments", async (req, res, next) => {
  try {
    const from = new Date(String(req.query.from ?? new Date().toISOString()));
    // ok: unfiltered-extraction
    const items = await prisma.appointment.findMany({
      where: { doctorId: req.params.doctorId, startsAt: { gte: from } },
      select: { id: true, startsAt: true, durationMin: true, room: true },
      orderBy: { startsAt: "asc" },
      take: 50,
    });
    res.json(items);
  } catch (err) {
    next(err);
  }
});

appointments.get("/doctors/:doctorId/stats", async (req, res) => {
  // ok: unfiltered-extraction
  const upcoming = await prisma.appointment.count({ where: { doctorId: req.params.doctorId, startsAt: { gte: new Date() } } });
  res.json({ upcoming });
});

appointments.post("/appointments/:id/cancel", async (req, res) => {
  await prisma.appointment.update({ where: { id: req.params.id }, data: { cancelledAt: new Date() } });
  res.status(204).end();
});
