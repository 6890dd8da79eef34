// Queries of the DXLAB -> new LIS migration (lab 2). Keyset pagination over the patient file.
export const PAGE_SIZE = 2_000;

// ruleid: unfiltered-extraction
export const PATIENT_PAGE_SQL = `
  SELECT *
    FROM patients
   WHERE patient_id > $1
   ORDER BY patient_id
   LIMIT $2`;

// ok: unfiltered-extraction
export const PATIENT_COUNT_SQL = "SELECT COUNT(*)::int AS n FROM patients";

// lab-level parameters (units, reference ranges); not personal data
// ok: unfiltered-extraction
export const LAB_SETTINGS_SQL = "SELECT * FROM settings WHERE lab_code = $1";
