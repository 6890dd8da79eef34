/** SARIF 2.1.0 for code-scanning UIs: rules with help and citation tags, results with codeFlows and fingerprints. */
import * as path from "path";
import type * as Sarif from "sarif";
import { Location } from "../../engine/findings";
import { citationTags } from "../../engine/rules/citation";
import { allRuleMeta, ruleDoc } from "../../engine/rules/registry";
import { Formatter, ScanReport } from "./formatter";

export const sarifFormatter: Formatter = { name: "sarif", format: formatSarif };

const LEVEL: Record<string, Sarif.Result.level> = { error: "error", warning: "warning", note: "note" };

export function formatSarif(report: ScanReport): string {
  const { findings, notices, root, toolVersion: version } = report;
  const rootUri = pathToUri(path.resolve(root)) + "/";
  const metas = allRuleMeta();
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const loc = (l: Location, message?: string): Sarif.Location => ({
    physicalLocation: {
      artifactLocation: artifact(root, l.file),
      region: {
        startLine: l.start.line + 1,
        startColumn: l.start.character + 1,
        endLine: l.end.line + 1,
        endColumn: l.end.character + 1,
      },
    },
    ...(message ? { message: { text: message } } : {}),
  });
  const run: Sarif.Run = {
    ...(report.sarifCategory ? { automationDetails: { id: report.sarifCategory } } : {}),
    tool: {
      driver: {
        name: "privacy-review",
        version,
        semanticVersion: version,
        rules: metas.map((m) => ({
          id: m.id,
          name: toPascal(m.id),
          shortDescription: { text: m.name },
          fullDescription: { text: m.shortDescription },
          help: { text: `${m.shortDescription} (${m.citation})`, markdown: ruleDoc(m.id) },
          defaultConfiguration: { level: LEVEL[m.defaultSeverity] },
          properties: {
            tags: [
              ...new Set([
                "security",
                "privacy",
                "gdpr",
                ...citationTags(m.decision, m.ourReading),
                ...m.tags,
              ]),
            ],
            precision: m.precision,
            "security-severity": m.securitySeverity,
            "problem.severity":
              m.defaultSeverity === "error"
                ? "error"
                : m.defaultSeverity === "warning"
                  ? "warning"
                  : "recommendation",
          },
        })),
      },
    },
    originalUriBaseIds: { SRCROOT: { uri: rootUri } },
    invocations: [
      {
        // False when a file could not be read or parsed, or a rule failed: the results are incomplete.
        executionSuccessful: !notices.some((n) => n.level === "error"),
        toolExecutionNotifications: notices.map((n) => ({
          level: n.level === "error" ? "error" : n.level === "warning" ? "warning" : "note",
          message: { text: n.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(root, n.file),
                ...(n.line !== undefined ? { region: { startLine: n.line + 1 } } : {}),
              },
            },
          ],
        })),
      },
    ],
    results: findings.map((f): Sarif.Result => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [loc(f.location)],
      ...(f.related.length
        ? { relatedLocations: f.related.map((r, i) => ({ id: i, ...loc(r, r.message) })) }
        : {}),
      ...(f.flow.length
        ? {
            codeFlows: [
              { threadFlows: [{ locations: f.flow.map((s) => ({ location: loc(s, s.message) })) }] },
            ],
          }
        : {}),
      // The key GitHub code scanning reads; `--baseline` also accepts the "/v1" key of 0.1 logs.
      partialFingerprints: { primaryLocationLineHash: f.fingerprint },
      ...(f.suppression
        ? {
            suppressions: [
              {
                kind: "inSource",
                justification: f.suppression.justification,
                location: loc(f.suppression.location),
              },
            ],
          }
        : {}),
    })),
    columnKind: "utf16CodeUnits",
  };
  const log: Sarif.Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [run],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

function artifact(root: string, file: string): Sarif.ArtifactLocation {
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return { uri: pathToUri(file) };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "SRCROOT" };
}

function pathToUri(p: string): string {
  return "file://" + p.split(path.sep).map(encodeURIComponent).join("/");
}

function toPascal(id: string): string {
  return id
    .split("-")
    .map((s) => s[0].toUpperCase() + s.slice(1))
    .join("");
}
