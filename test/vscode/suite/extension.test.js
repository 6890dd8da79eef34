"use strict";
/**
 * The extension in a real VS Code: diagnostics appear on the fixture workspace, a quick fix from
 * vscode.executeCodeActionProvider applies and removes its finding, and the hover explains the
 * rule with its article and decision paragraph. Screenshots go to test-artifacts/.
 */
const assert = require("assert");
const path = require("path");
const vscode = require("vscode");
const shim = require("../shim-client");

function fixture(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, "a workspace folder is open");
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

/** Resolves with our diagnostics for `uri` once `pred` holds (checked now, then on every change). */
function waitForDiagnostics(uri, pred, timeoutMs = 45000) {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === "privacy-review");
  return new Promise((resolve, reject) => {
    if (pred(ours())) {
      resolve(ours());
      return;
    }
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(
          `timed out; diagnostics now: ${JSON.stringify(ours().map((d) => d.code && (d.code.value || d.code)))}`,
        ),
      );
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (pred(ours())) {
        clearTimeout(timer);
        sub.dispose();
        resolve(ours());
      }
    });
  });
}

const codeOf = (d) => (d.code && typeof d.code === "object" ? d.code.value : d.code);

suite("privacy-review in VS Code", () => {
  let uri;
  let editor;

  suiteSetup(async () => {
    uri = fixture("export-lab.ts");
    const doc = await vscode.workspace.openTextDocument(uri);
    editor = await vscode.window.showTextDocument(doc);
  });

  test("shows every planted problem inline, linked to its rule page", async () => {
    const diags = await waitForDiagnostics(
      uri,
      (ds) =>
        ds.some((d) => codeOf(d) === "anonymous-access") &&
        ds.some((d) => codeOf(d) === "unencrypted-patient-write"),
    );
    const codes = diags.map(codeOf).sort();
    for (const c of ["anonymous-access", "no-delete-after-transfer", "unencrypted-patient-write"])
      assert.ok(codes.includes(c), `${c} in ${codes}`);
    const anon = diags.find((d) => codeOf(d) === "anonymous-access");
    assert.match(anon.code.target.toString(), /\/rules\/anonymous-access$/);
    assert.match(
      anon.message,
      /CNIL SAN-2022-009 found: Art\. 32 \(§64, §69, §70\) · our reading: Art\. 32\(1\)\(b\)/,
    );
    editor.selection = new vscode.Selection(anon.range.start, anon.range.start);
    editor.revealRange(anon.range);
    await shim.screenshot("squiggle");
  });

  test("explains a finding on hover with the article and the decision paragraph", async () => {
    const diags = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === "anonymous-access"));
    const anon = diags.find((d) => codeOf(d) === "anonymous-access");
    const hovers = await vscode.commands.executeCommand("vscode.executeHoverProvider", uri, anon.range.start);
    const text = hovers
      .map((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value)).join("\n"))
      .join("\n");
    assert.match(
      text,
      /CNIL SAN-2022-009 found: Art\. 32 \(§64, §69, §70\) · our reading: Art\. 32\(1\)\(b\)/,
    );
    editor.selection = new vscode.Selection(anon.range.start, anon.range.start);
    await vscode.commands.executeCommand("editor.action.showHover");
    await shim.waitFor(".monaco-hover-content").catch(() => undefined);
    await shim.screenshot("hover");
    await vscode.commands.executeCommand("editor.action.hideHover").then(undefined, () => undefined);
  });

  test("applies a quick fix through the code action provider and the finding goes away", async () => {
    const diags = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === "anonymous-access"));
    const anon = diags.find((d) => codeOf(d) === "anonymous-access");
    editor.selection = new vscode.Selection(anon.range.start, anon.range.start);
    await shim.press("Control+Period");
    await shim.waitFor(".action-widget .monaco-list-row.action").catch(() => undefined);
    await shim.screenshot("quick-fix-menu");
    await shim.press("Escape");
    const actions = await vscode.commands.executeCommand(
      "vscode.executeCodeActionProvider",
      uri,
      anon.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(
      titles.some((t) => /Disable anonymous-access for this line/.test(t)),
      titles.join(" | "),
    );
    assert.ok(
      titles.some((t) => /Explain rule/.test(t)),
      titles.join(" | "),
    );
    const fix = actions.find((a) => a.isPreferred && a.edit && /FTP_USER/.test(a.title));
    assert.ok(fix, `a preferred fix among: ${titles.join(" | ")}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const text = editor.document.getText();
    assert.match(text, /user: process\.env\.FTP_USER/);
    assert.match(text, /password: process\.env\.FTP_PASSWORD/);
    await waitForDiagnostics(
      uri,
      (ds) =>
        !ds.some((d) => codeOf(d) === "anonymous-access") &&
        ds.some((d) => codeOf(d) === "unencrypted-patient-write"),
    );
    await shim.screenshot("after-fix");
  });
});
