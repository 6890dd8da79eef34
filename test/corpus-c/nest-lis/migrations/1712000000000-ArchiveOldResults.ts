import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Moves validated results older than the legal retention window of the active table into the
 * archive schema, inside the same database. No file is produced.
 */
export class ArchiveOldResults1712000000000 implements MigrationInterface {
  name = "ArchiveOldResults1712000000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS archive`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS archive.lab_results (
        id integer PRIMARY KEY,
        patient_id uuid NOT NULL,
        loinc_code varchar(16) NOT NULL,
        value_text text NOT NULL,
        unit varchar(32),
        sampled_at timestamptz NOT NULL,
        archived_by varchar(64) NOT NULL
      )`);
    await queryRunner.query(
      // ok: unfiltered-extraction
      `INSERT INTO archive.lab_results (id, patient_id, loinc_code, value_text, unit, sampled_at, archived_by)
       SELECT id, patient_id, loinc_code, value_text, unit, sampled_at, '${this.name}'
         FROM lab_results
        WHERE status = 'validated' AND sampled_at < now() - interval '5 years'`,
    );
    await queryRunner.query(
      `DELETE FROM lab_results WHERE status = 'validated' AND sampled_at < now() - interval '5 years'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      // ok: unfiltered-extraction
      `INSERT INTO lab_results (id, patient_id, loinc_code, value_text, unit, sampled_at, status)
       SELECT id, patient_id, loinc_code, value_text, unit, sampled_at, 'validated'
         FROM archive.lab_results
        WHERE archived_by = $1`,
      [this.name],
    );
    await queryRunner.query(`DELETE FROM archive.lab_results WHERE archived_by = $1`, [this.name]);
  }
}
