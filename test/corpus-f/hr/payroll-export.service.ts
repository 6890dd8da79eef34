import { PrismaClient } from "@prisma/client";
import ExcelJS from "exceljs";
import type { Transporter } from "nodemailer";
import axios from "axios";
import * as path from "node:path";

interface SalaryLine {
  matricule: string; nom: string; prenom: string; iban: string;
  brut: number; net: number; departement: string;
}

/** Monthly payroll workbook sent to the external accountant. */
export class PayrollExportService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly mailer: Transporter,
    private readonly outDir = "/srv/hr/exports",
  ) {}

  private async loadSalaries() {
    // ruleid: unfiltered-extraction
    return this.prisma.salary.findMany({ include: { employee: true } });
  }

  private async loadDepartments() {
    // ok: unfiltered-extraction
    return this.prisma.department.findMany();
  }

  private async lines(): Promise<SalaryLine[]> {
    const [salaries, departments] = await Promise.all([this.loadSalaries(), this.loadDepartments()]);
    const names = new Map(departments.map((d) => [d.id, d.label]));
    return salaries.map((s) => ({
      matricule: s.employee.matricule,
      nom: s.employee.lastName,
      prenom: s.employee.firstName,
      iban: s.employee.iban,
      brut: s.gross,
      net: s.net,
      departement: names.get(s.employee.departmentId) ?? "?",
    }));
  }

  private async buildWorkbook(file: string): Promise<number> {
    const rows = await this.lines();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Salaires");
    ws.columns = Object.keys(rows[0] ?? {}).map((key) => ({ header: key, key }));
    rows.forEach((r) => ws.addRow(r));
    // ruleid: unencrypted-patient-write
    await wb.xlsx.writeFile(file);
    return rows.length;
  }

  async sendToAccountant(month: string): Promise<void> {
    const file = path.join(this.outDir, `salaires-${month}.xlsx`);
    const count = await this.buildWorkbook(file);
    // ruleid: no-delete-after-transfer
    await this.mailer.sendMail({
      from: "paie@example-corp.fr",
      to: "cabinet@example-compta.fr",
      subject: `Salaires ${month} (${count} lignes)`,
      attachments: [{ filename: path.basename(file), path: file }],
    });
  }

  /** SEPA credit-transfer batch, posted to the bank's legacy EBICS relay. */
  async sendTransfers(month: string): Promise<void> {
    const rows = await this.lines();
    const body = rows.map((r) => `${r.iban};${r.nom} ${r.prenom};${r.net.toFixed(2)};SALAIRE ${month}`).join("\n");
    // ruleid: plaintext-transfer
    // ruleid: unencrypted-patient-write
    await axios.post("http://ebics-relay.example-bank.com/upload/sct", body, {
      auth: {
        username: "corp-paie",
        // ruleid: hardcoded-credentials
        password: "Sepa-2020",
      },
    });
  }

  async sendHeadcount(month: string): Promise<void> {
    const departments = await this.loadDepartments();
    // ok: unencrypted-patient-write
    await this.mailer.sendMail({ to: "direction@example-corp.fr", subject: `Services ${month}`, text: departments.map((d) => d.label).join("\n") });
  }
}
