/**
 * The VS Code side: starts the language server (IPC), shows a status-bar count, and exposes the
 * commands. All analysis happens in the server; nothing here runs workspace code.
 */
import * as path from "path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

interface Status {
  problems: number;
  lastAnalysisMs: number;
  files: number;
  loaded: boolean;
}

const RULE_IDS = [
  "unencrypted-patient-write",
  "plaintext-transfer",
  "anonymous-access",
  "hardcoded-credentials",
  "no-delete-after-transfer",
  "unfiltered-extraction",
  "beyond-instructions",
];

export async function activate(
  context: vscode.ExtensionContext,
): Promise<{ client: LanguageClient | undefined }> {
  const serverModule = context.asAbsolutePath(path.join("server", "out", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=6019"] },
    },
  };
  const config = vscode.workspace.getConfiguration("privacyReview");
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["typescript", "javascript", "typescriptreact", "javascriptreact"].map((language) => ({
      scheme: "file",
      language,
    })),
    synchronize: {
      configurationSection: "privacyReview",
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/privacy-review.json"),
        vscode.workspace.createFileSystemWatcher("**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"),
      ],
    },
    initializationOptions: {
      enable: config.get("enable", true),
      run: config.get("run", "onType"),
      rules: config.get("rules", {}),
    },
    outputChannelName: "Privacy Review",
  };
  client = new LanguageClient("privacyReview", "Privacy Review", serverOptions, clientOptions);

  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.text = "$(shield) Privacy Review";
  status.tooltip = "Privacy Review: starting";
  status.command = "workbench.actions.view.problems";
  status.show();
  context.subscriptions.push(status);

  context.subscriptions.push(
    vscode.commands.registerCommand("privacyReview.scanWorkspace", async () => {
      if (!client) return;
      const res = (await client.sendRequest(ExecuteCommandRequest.type, {
        command: "privacy-review.server.scanWorkspace",
        arguments: [],
      })) as { problems: number } | undefined;
      void vscode.window.showInformationMessage(
        `Privacy Review: ${res?.problems ?? 0} problem(s) in the workspace.`,
      );
    }),
    vscode.commands.registerCommand("privacyReview.fixAllInFile", async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!client || !doc) return;
      await client.sendRequest(ExecuteCommandRequest.type, {
        command: "privacy-review.server.fixAllInFile",
        arguments: [doc.uri.toString()],
      });
    }),
    vscode.commands.registerCommand("privacyReview.showMigrationRecord", async () => {
      if (!client) return;
      const doc = vscode.window.activeTextEditor?.document;
      const res = (await client.sendRequest(ExecuteCommandRequest.type, {
        command: "privacy-review.server.migrationRecord",
        arguments: doc ? [doc.uri.toString()] : [],
      })) as { html: string } | undefined;
      const panel = vscode.window.createWebviewPanel(
        "privacyReview.record",
        "Migration record",
        vscode.ViewColumn.Active,
        { enableScripts: false },
      );
      // The page is self-contained (inline CSS, no scripts); the CSP keeps it that way.
      panel.webview.html = (res?.html ?? "<p>No record.</p>").replace(
        "<head>",
        `<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">`,
      );
    }),
    vscode.commands.registerCommand("privacyReview.explainRule", async (ruleId?: string) => {
      const id = ruleId ?? (await vscode.window.showQuickPick(RULE_IDS, { placeHolder: "Which rule?" }));
      if (!id || !RULE_IDS.includes(id)) return;
      const doc = vscode.Uri.file(context.asAbsolutePath(path.join("rules", id, "doc.md")));
      try {
        await vscode.commands.executeCommand("markdown.showPreview", doc);
      } catch {
        await vscode.window.showTextDocument(doc, { preview: true });
      }
    }),
  );

  await client.start();
  context.subscriptions.push(client);
  client.onNotification("privacyReview/status", (s: Status) => {
    if (!status) return;
    status.text = s.problems
      ? `$(shield) Privacy Review: ${s.problems}`
      : "$(shield) Privacy Review: $(check)";
    const at = new Date().toLocaleTimeString();
    status.tooltip = `${s.problems} problem(s) in ${s.files} analysed file(s); last analysis ${s.lastAnalysisMs} ms at ${at}${s.loaded ? "" : " (workspace still loading)"}`;
  });
  return { client };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
