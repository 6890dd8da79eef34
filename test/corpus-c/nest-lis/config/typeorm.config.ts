import { TypeOrmModuleOptions } from "@nestjs/typeorm";
import { DataSource, DataSourceOptions } from "typeorm";
import { Analyzer } from "../entities/analyzer.entity";
import { LabResult } from "../entities/lab-result.entity";
import { Patient } from "../entities/patient.entity";

const isProd = process.env.NODE_ENV === "production";

/**
 * Connection options shared by the Nest application and the TypeORM CLI (migrations).
 * The fallback values only exist so that `npm run migration:run` works on a developer laptop.
 */
export const dataSourceOptions: DataSourceOptions = {
  type: "postgres",
  host: process.env.DB_HOST ?? "localhost",
  port: Number(process.env.DB_PORT ?? 5432),
  username: process.env.DB_USER ?? "lis",
  // ruleid: hardcoded-credentials
  password: process.env.DB_PASSWORD ?? "lis_dev_2023!",
  database: process.env.DB_NAME ?? "lis",
  entities: [Patient, LabResult, Analyzer],
  migrations: [__dirname + "/../migrations/*.{ts,js}"],
  synchronize: false,
  ssl: isProd ? { ca: process.env.DB_CA_CERT } : false,
  extra: { max: Number(process.env.DB_POOL_SIZE ?? 10) },
};

export const typeOrmModuleOptions: TypeOrmModuleOptions = {
  ...dataSourceOptions,
  autoLoadEntities: false,
  retryAttempts: 5,
};

export default new DataSource(dataSourceOptions);
