// Seeds the staging portal accounts. Passwords are bcrypt hashes; the plain admin password comes from the vault.
import bcrypt from "bcrypt";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

const FIXTURE_USERS = [
  // ok: hardcoded-credentials
  { email: "qa.viewer@staging.example", role: "viewer", password: "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Jr2bK3b6QJQ2ZyJY3w0P9Q0r9yX8yK" },
  // ok: hardcoded-credentials
  { email: "qa.biologist@staging.example", role: "biologist", password: "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW" },
];

async function seed(): Promise<void> {
  const hash = await bcrypt.hash(process.env.SEED_ADMIN_PASSWORD as string, 12);
  await prisma.portalUser.upsert({
    where: { email: "admin@staging.example" },
    update: {},
    // ok: hardcoded-credentials
    create: { email: "admin@staging.example", role: "admin", password: hash },
  });
  await prisma.portalUser.createMany({ data: FIXTURE_USERS, skipDuplicates: true });
}

export async function verify(email: string, candidate: string): Promise<boolean> {
  // ok: unfiltered-extraction
  const user = await prisma.portalUser.findUnique({ where: { email }, select: { id: true, password: true } });
  return user ? bcrypt.compare(candidate, user.password) : false;
}

seed().finally(() => prisma.$disconnect());
