// KYC re-screening: push every customer to the screening partner once a quarter.
import knex from "knex";
import axios from "axios";

const db = knex({
  client: "pg",
  // ruleid: hardcoded-credentials
  connection: "postgres://etl_kyc:S3cretKyc@core-db.bank.internal:5432/core",
  pool: { min: 0, max: 4 },
});

// ruleid: plaintext-transfer
const PARTNER_ENDPOINT = "http://kyc-screening.partner-example.com/api/v2/batch";

interface ScreeningRecord {
  ref: string;
  fullName: string;
  birthDate: string;
  nationality: string;
  iban: string;
}

async function run(): Promise<void> {
  // ruleid: unfiltered-extraction
  const customers = await db("customers").select("*");
  const payload: ScreeningRecord[] = customers.map((c: any) => ({
    ref: c.customer_id,
    fullName: `${c.first_name} ${c.last_name}`,
    birthDate: c.birth_date,
    nationality: c.nationality,
    iban: c.iban,
  }));
  // ruleid: unencrypted-patient-write
  const res = await axios.post(PARTNER_ENDPOINT, { records: payload }, {
    headers: { "X-Api-Key": process.env.KYC_API_KEY as string },
    timeout: 60_000,
  });
  console.log("partner accepted", res.data.accepted, "of", payload.length);
}

run()
  .catch((e) => {
    console.error("kyc batch failed", e.message);
    process.exitCode = 1;
  })
  .finally(() => db.destroy());
