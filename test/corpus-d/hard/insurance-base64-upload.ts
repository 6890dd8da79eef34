// Delta of policyholders for the broker gateway. Base64 is a transport encoding, not encryption.
import { DataSource, Entity, PrimaryGeneratedColumn, Column } from "typeorm";
import axios from "axios";

@Entity("policyholders")
export class Policyholder {
  @PrimaryGeneratedColumn() id!: number;
  @Column() fullName!: string;
  @Column() birthDate!: string;
  @Column() nir!: string;
  @Column() email!: string;
  @Column() updatedAt!: Date;
}

const ds = new DataSource({ type: "mysql", url: process.env.INS_DB_URL, entities: [Policyholder] });

function encodeForTransport(items: Policyholder[]): string {
  return Buffer.from(JSON.stringify(items), "utf8").toString("base64");
}

export async function pushDelta(since: Date): Promise<void> {
  await ds.initialize();
  // ok: unfiltered-extraction
  const changed = await ds.getRepository(Policyholder).createQueryBuilder("p").select(["p.id", "p.fullName", "p.birthDate", "p.nir", "p.email"]).where("p.updatedAt > :since", { since }).getMany();
  const payload = { count: changed.length, blob: encodeForTransport(changed) };
  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  await axios.put("https://broker-gateway.example/api/policyholders/delta", payload, {
    // ruleid: hardcoded-credentials
    auth: { username: "ins_export", password: process.env.BROKER_PASSWORD ?? "Ins#Export1" },
    timeout: 30_000,
  });
  await ds.destroy();
}
