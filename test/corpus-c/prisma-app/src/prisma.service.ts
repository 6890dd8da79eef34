import { INestApplication, Injectable, OnModuleDestroy, OnModuleInit } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";

/** Standard Nest wrapper around the Prisma client; the URL comes from DATABASE_URL (schema.prisma). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor() {
    super({
      log: process.env.PRISMA_LOG === "1" ? ["query", "warn", "error"] : ["warn", "error"],
      // ok: hardcoded-credentials
      datasources: { db: { url: process.env.DATABASE_URL } },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }

  enableShutdownHooks(app: INestApplication): void {
    process.on("beforeExit", () => {
      void app.close();
    });
  }
}
