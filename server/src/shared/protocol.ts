/**
 * The one protocol module shared by the VS Code client (`client/src`) and the language server
 * (`server/src/server.ts`), in the way vscode-eslint shares `$shared/`: command ids, custom
 * notifications, settings and the results of server commands. It holds names and types only (no
 * runtime dependency), so the client bundle pulls in nothing of the engine.
 */

/** `Diagnostic.source` of every diagnostic the server publishes. */
export const SOURCE = "privacy-review";

/** The settings section the client contributes (`privacyReview.*`). */
export const SETTINGS_SECTION = "privacyReview";

export type RuleSetting = "error" | "warning" | "note" | "off";

export interface Settings {
  enable: boolean;
  run: "onType" | "onSave";
  rules: Record<string, RuleSetting>;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: "onType", rules: {} };

/** Commands the server executes (`workspace/executeCommand`). */
export const ServerCommands = {
  scanWorkspace: "privacy-review.server.scanWorkspace",
  fixAllInFile: "privacy-review.server.fixAllInFile",
  migrationRecord: "privacy-review.server.migrationRecord",
} as const;

/** Commands the client contributes (package.json `contributes.commands`). */
export const ClientCommands = {
  scanWorkspace: "privacyReview.scanWorkspace",
  explainRule: "privacyReview.explainRule",
  fixAllInFile: "privacyReview.fixAllInFile",
  showMigrationRecord: "privacyReview.showMigrationRecord",
} as const;

/** The code action kind of "Fix all" (editor.codeActionsOnSave: { "source.fixAll.privacy-review": "explicit" }). */
export const FIX_ALL_KIND = "source.fixAll.privacy-review";

/** Server → client, after each analysis: the problem count for the status bar. */
export const StatusNotification = { method: "privacyReview/status" } as const;

export interface StatusParams {
  problems: number;
  lastAnalysisMs: number;
  files: number;
  /** False while the workspace is still being read (findings may still grow). */
  loaded: boolean;
}

export interface ScanWorkspaceResult {
  problems: number;
}

export interface FixAllResult {
  applied: number;
}

export interface MigrationRecordResult {
  html: string;
}

/** Fields of `Diagnostic.data` on a finding's diagnostic. */
export interface DiagnosticData {
  fingerprint: string;
  ruleId: string;
}

/** A `command:` link that opens a rule's bundled page through the client's *Explain rule* command. */
export function explainRuleLink(ruleId: string): string {
  return `command:${ClientCommands.explainRule}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}
