import { Inject, Injectable, Logger } from "@nestjs/common";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { encryptBuffer } from "../lib/crypto";

export const EXPORT_DIR = Symbol("EXPORT_DIR");

/** Writes export files encrypted at rest; removal helpers for the callers' finally blocks. */
@Injectable()
export class EncryptedStorageService {
  private readonly logger = new Logger(EncryptedStorageService.name);

  constructor(@Inject(EXPORT_DIR) private readonly dir: string) {}

  resolve(name: string): string {
    return path.join(this.dir, path.basename(name));
  }

  async write(name: string, data: Buffer): Promise<string> {
    const file = this.resolve(name);
    const sealed = encryptBuffer(data);
    // ok: unencrypted-patient-write
    await fs.writeFile(file, sealed, { mode: 0o600 });
    this.logger.debug(`wrote ${sealed.length} bytes to ${file}`);
    return file;
  }

  async append(name: string, data: Buffer): Promise<void> {
    const sealed = encryptBuffer(data);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(sealed.length);
    // ok: unencrypted-patient-write
    await fs.appendFile(this.resolve(name), Buffer.concat([header, sealed]));
  }

  async remove(file: string): Promise<void> {
    await fs.rm(file, { force: true });
  }

  async purge(): Promise<number> {
    const names = await fs.readdir(this.dir);
    await Promise.all(names.map((n) => this.remove(path.join(this.dir, n))));
    return names.length;
  }
}
