import { Injectable, Logger } from "@nestjs/common";
import { InjectDataSource } from "@nestjs/typeorm";
import { Client } from "basic-ftp";
import { createWriteStream } from "fs";
import { mkdir } from "fs/promises";
import * as path from "path";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import { createGzip } from "zlib";
import { DataSource } from "typeorm";
import { privateArea, publicArea, REMOTE_DIRS } from "../config/maintenance-ftp.config";

const DUMP_DIR = process.env.SUPPORT_DUMP_DIR ?? "/var/lib/lis/support";

/**
 * Support tooling: when a site reports a data problem, the support engineer asks for a dump of the
 * patient table, which lands on the maintenance FTP server. A copy can be put in the public area
 * so that the site's new integrator can fetch it.
 */
@Injectable()
export class MaintenanceDropService {
  private readonly log = new Logger(MaintenanceDropService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async dumpPatients(siteCode: string, shareWithIntegrator = false): Promise<string> {
    // ruleid: unfiltered-extraction
    const rows = await this.dataSource.createQueryBuilder().select("*").from("patients", "p").getRawMany();

    await mkdir(DUMP_DIR, { recursive: true });
    const file = path.join(DUMP_DIR, `${siteCode}-patients-${Date.now()}.ndjson.gz`);
    // gzip only compresses; anyone holding the file can read it
    // ruleid: unencrypted-patient-write
    await pipeline(Readable.from(rows.map((r) => JSON.stringify(r) + "\n")), createGzip(), createWriteStream(file));
    this.log.log(`${rows.length} rows dumped for ${siteCode}`);

    const ftp = new Client();
    try {
      await ftp.access(privateArea);
      await ftp.ensureDir(`${REMOTE_DIRS.dumps}/${siteCode}`);
      // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
      // ruleid: no-delete-after-transfer
      await ftp.uploadFrom(file, path.basename(file));
    } finally {
      ftp.close();
    }

    if (shareWithIntegrator) {
      const pub = new Client();
      try {
        // ruleid: plaintext-transfer
        await pub.access(publicArea);
        await pub.ensureDir(`${REMOTE_DIRS.public}/${siteCode}`);
        // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
        // ruleid: no-delete-after-transfer
        await pub.uploadFrom(file, path.basename(file));
      } finally {
        pub.close();
      }
    }
    return file;
  }
}
