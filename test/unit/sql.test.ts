import * as assert from "assert";
import { analyseSql } from "privacy-review/internal/engine/sql/sqlAnalysis";

describe("SQL reading", () => {
  it("reads tables, columns and the row filter of a SELECT", () => {
    const info = analyseSql("SELECT p.nom, p.nir FROM public.patients p WHERE p.derniere_visite >= $1");
    assert.strictEqual(info.kind, "select");
    const s = info.scopes[0];
    assert.deepStrictEqual(s.tables, ["patients"]);
    assert.deepStrictEqual([...s.columns.get("patients")!].sort(), ["nir", "nom"]);
    assert.strictEqual(s.hasWhere, true);
    assert.strictEqual(info.approximate, false);
  });
  it("sees SELECT * and a missing filter", () => {
    const s = analyseSql("select * from dossiers").scopes[0];
    assert.ok(s.columns.get("dossiers")!.has("*"));
    assert.strictEqual(s.hasWhere, false);
    assert.strictEqual(s.hasLimit, false);
  });
  it("treats aggregates and GROUP BY statistics as aggregate-only", () => {
    assert.strictEqual(analyseSql("SELECT count(*) FROM patients").scopes[0].aggregateOnly, true);
    assert.strictEqual(
      analyseSql("SELECT sexe, count(*) FROM patients GROUP BY sexe").scopes[0].aggregateOnly,
      true,
    );
    assert.strictEqual(
      analyseSql("SELECT nom, count(*) FROM patients GROUP BY sexe").scopes[0].aggregateOnly,
      false,
    );
  });
  it("follows CTEs, subqueries and UNION to the base tables", () => {
    const info = analyseSql(
      "WITH r AS (SELECT * FROM patients) SELECT id FROM r UNION SELECT id FROM archive_patients WHERE x = 1",
    );
    const tables = info.scopes.flatMap((s) => s.tables).sort();
    assert.deepStrictEqual(tables, ["archive_patients", "patients"]);
  });
  it("reads LIMIT and TOP as row filters", () => {
    assert.strictEqual(analyseSql("SELECT nom FROM patients LIMIT 10").scopes[0].hasLimit, true);
    assert.strictEqual(analyseSql("SELECT TOP 10 * FROM patients").scopes[0].hasLimit, true);
  });
  it("reads COPY ... TO as a full dump", () => {
    const s = analyseSql("COPY patients TO STDOUT WITH CSV").scopes[0];
    assert.deepStrictEqual(s.tables, ["patients"]);
    assert.ok(s.columns.get("patients")!.has("*"));
  });
  it("falls back to an approximate reading for SQL no dialect accepts", () => {
    const info = analyseSql(
      "SELECT nom, prenom FROM patients p WHERE p.x = 1 QUALIFY ROW_NUMBER() OVER (PARTITION BY p.id) = 1 ;; garbage ((",
    );
    assert.strictEqual(info.approximate, true);
    assert.deepStrictEqual(info.scopes[0].tables, ["patients"]);
    assert.strictEqual(info.scopes[0].hasWhere, true);
  });
});
