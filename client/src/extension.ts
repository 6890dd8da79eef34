/**
 * The VS Code side: starts the language server (IPC), shows a status-bar count, and exposes the
 * commands. All analysis happens in the server; nothing here runs workspace code.
 */
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import {
  ClientCommands,
  DEFAULT_SETTINGS,
  MigrationRecordResult,
  ScanWorkspaceResult,
  ServerCommands,
  SETTINGS_SECTION,
  StatusNotification,
  StatusParams,
} from "../../server/src/shared/protocol";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

/** The rules shipped with the extension: every folder of rules/ with a meta.json (no list kept here). */
function bundledRuleIds(rulesDir: string): string[] {
  try {
    return fs
      .readdirSync(rulesDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(rulesDir, e.name, "meta.json")))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The packaged extension runs the bundled server (dist/); a development checkout, the tsc output. */
function serverModule(context: vscode.ExtensionContext): string {
  const bundled = context.asAbsolutePath(path.join("dist", "server.js"));
  return fs.existsSync(bundled) ? bundled : context.asAbsolutePath(path.join("server", "out", "server.js"));
}

export async function activate(
  context: vscode.ExtensionContext,
): Promise<{ client: LanguageClient | undefined }> {
  const module = serverModule(context);
  const rulesDir = context.asAbsolutePath("rules");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=6019"] },
    },
  };
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["typescript", "javascript", "typescriptreact", "javascriptreact"].map((language) => ({
      scheme: "file",
      language,
    })),
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/privacy-review.json"),
        vscode.workspace.createFileSystemWatcher("**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"),
      ],
    },
    initializationOptions: {
      enable: config.get("enable", DEFAULT_SETTINGS.enable),
      run: config.get("run", DEFAULT_SETTINGS.run),
      rules: config.get("rules", DEFAULT_SETTINGS.rules),
    },
    outputChannelName: "Privacy Review",
    // Hovers link to the bundled rule page through the Explain rule command, and to nothing else.
    markdown: { isTrusted: { enabledCommands: [ClientCommands.explainRule] } },
  };
  client = new LanguageClient("privacyReview", "Privacy Review", serverOptions, clientOptions);

  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.text = "$(shield) Privacy Review";
  status.tooltip = "Privacy Review: starting";
  status.command = "workbench.actions.view.problems";
  status.show();
  context.subscriptions.push(status);

  context.subscriptions.push(
    vscode.commands.registerCommand(ClientCommands.scanWorkspace, async () => {
      if (!client) return;
      const res = (await client.sendRequest(ExecuteCommandRequest.type, {
        command: ServerCommands.scanWorkspace,
        arguments: [],
      })) as ScanWorkspaceResult | undefined;
      void vscode.window.showInformationMessage(
        `Privacy Review: ${res?.problems ?? 0} problem(s) in the workspace.`,
      );
    }),
    vscode.commands.registerCommand(ClientCommands.fixAllInFile, async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!client || !doc) return;
      await client.sendRequest(ExecuteCommandRequest.type, {
        command: ServerCommands.fixAllInFile,
        arguments: [doc.uri.toString()],
      });
    }),
    vscode.commands.registerCommand(ClientCommands.showMigrationRecord, async () => {
      if (!client) return;
      const doc = vscode.window.activeTextEditor?.document;
      const res = (await client.sendRequest(ExecuteCommandRequest.type, {
        command: ServerCommands.migrationRecord,
        arguments: doc ? [doc.uri.toString()] : [],
      })) as MigrationRecordResult | undefined;
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
    vscode.commands.registerCommand(ClientCommands.explainRule, async (ruleId?: string) => {
      const ids = bundledRuleIds(rulesDir);
      const id = ruleId ?? (await vscode.window.showQuickPick(ids, { placeHolder: "Which rule?" }));
      if (!id || !ids.includes(id)) return;
      const doc = vscode.Uri.file(path.join(rulesDir, id, "doc.md"));
      try {
        await vscode.commands.executeCommand("markdown.showPreview", doc);
      } catch {
        await vscode.window.showTextDocument(doc, { preview: true });
      }
    }),
  );

  await client.start();
  context.subscriptions.push(client);
  client.onNotification(StatusNotification.method, (s: StatusParams) => {
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
