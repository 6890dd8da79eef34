import { Injectable, Logger, OnModuleInit } from "@nestjs/common";
import { LabSite } from "@prisma/client";
import { existsSync } from "fs";
import { readFile, writeFile } from "fs/promises";
import * as path from "path";
import { PrismaService } from "../prisma.service";

const CACHE_FILE = path.join(process.env.CACHE_DIR ?? "/tmp", "lab-sites.json");
const TTL_MS = 15 * 60 * 1000;

/** The list of sites changes a few times a year; it is cached on disk between restarts. */
@Injectable()
export class LabSiteService implements OnModuleInit {
  private readonly log = new Logger(LabSiteService.name);
  private sites: LabSite[] = [];
  private loadedAt = 0;

  constructor(private readonly prisma: PrismaService) {}

  async onModuleInit(): Promise<void> {
    if (existsSync(CACHE_FILE)) {
      const cached = JSON.parse(await readFile(CACHE_FILE, "utf8")) as { at: number; sites: LabSite[] };
      if (Date.now() - cached.at < TTL_MS) {
        this.sites = cached.sites;
        this.loadedAt = cached.at;
        return;
      }
    }
    await this.refresh();
  }

  async refresh(): Promise<LabSite[]> {
    // ok: unfiltered-extraction
    this.sites = await this.prisma.labSite.findMany({ orderBy: { name: "asc" } });
    this.loadedAt = Date.now();
    // ok: unencrypted-patient-write
    await writeFile(CACHE_FILE, JSON.stringify({ at: this.loadedAt, sites: this.sites }));
    this.log.log(`cached ${this.sites.length} lab sites`);
    return this.sites;
  }

  async all(): Promise<LabSite[]> {
    if (Date.now() - this.loadedAt > TTL_MS) return this.refresh();
    return this.sites;
  }

  async patientsPerSite(): Promise<Record<string, number>> {
    // ok: unfiltered-extraction
    const counts = await this.prisma.patient.count({ select: { _all: true } });
    this.log.debug(`total patients: ${counts._all}`);
    const grouped = await this.prisma.patient.groupBy({ by: ["siteId"], _count: true });
    return Object.fromEntries(grouped.map((g) => [String(g.siteId), g._count]));
  }
}
