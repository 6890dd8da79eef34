import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Res, UseGuards } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import type { Response } from "express";
import { Repository } from "typeorm";
import { Patient } from "../entities/patient.entity";
import { JwtAuthGuard } from "../auth/jwt-auth.guard";

@Controller("patients")
@UseGuards(JwtAuthGuard)
export class PatientsController {
  constructor(@InjectRepository(Patient) private readonly patients: Repository<Patient>) {}

  /** Reception desk search: a page of matches, a handful of columns. */
  @Get()
  async search(@Query("siteId") siteId: string, @Query("name") name: string, @Res() res: Response) {
    // ok: unfiltered-extraction
    const rows = await this.patients.find({
      select: { id: true, lastName: true, firstName: true, birthDate: true },
      where: { siteId: Number(siteId), lastName: name.toUpperCase() },
      take: 25,
      order: { lastName: "ASC" },
    });
    // ok: unencrypted-patient-write
    res.json({ items: rows, count: rows.length });
  }

  @Get(":id")
  async getOne(@Param("id", ParseUUIDPipe) id: string, @Res() res: Response) {
    // ok: unfiltered-extraction
    const patient = await this.patients.findOne({
      select: { id: true, lastName: true, firstName: true, birthDate: true, email: true, phone: true },
      where: { id },
    });
    if (!patient) throw new NotFoundException();
    res.setHeader("Cache-Control", "no-store");
    // ok: unencrypted-patient-write
    res.status(200).json(patient);
  }

  /** Number of patients per site, for the dashboard tiles. */
  @Get("stats/by-site")
  async countBySite() {
    // ok: unfiltered-extraction
    return this.patients
      .createQueryBuilder("p")
      .select("p.siteId", "siteId")
      .addSelect("COUNT(*)", "total")
      .groupBy("p.siteId")
      .getRawMany();
  }
}
