// Barrel: the jobs import repositories only through this file.
import type { Knex } from "knex";
import makePatientRepository, { PatientRepository } from "./patientRepository";
import { analysisRepository } from "./analysisRepository";

export { PatientRepository } from "./patientRepository";
export type { Patient } from "./patientRepository";
export { default as makePatientRepository } from "./patientRepository";
export * from "./analysisRepository";

export interface Repositories {
  patients: PatientRepository;
  analyses: ReturnType<typeof analysisRepository>;
}

export function createRepositories(db: Knex): Repositories {
  return {
    patients: makePatientRepository(db),
    analyses: analysisRepository(db),
  };
}
