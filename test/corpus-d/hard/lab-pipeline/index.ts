/**
 * Public surface of the lab-pipeline migration package.
 * run.ts only imports from here, so the data path is:
 *   repository (query) -> writer (local CSV) -> drop-client (SFTP) with paths shared by both.
 */
export { PatientRepository } from "./repository";
export type { PatientRow } from "./repository";
export { writeExtract, toCsvLine } from "./writer";
export { SecureDrop } from "./drop-client";
export type { DropOptions } from "./drop-client";
export * from "./paths";
export { PAGE_SIZE } from "./sql";

export const PIPELINE_VERSION = "2.3.1";
export const SUPPORTED_SOURCES = ["DXLAB_ONE", "MEGABUS"] as const;
