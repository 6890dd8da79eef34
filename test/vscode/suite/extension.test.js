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

  test("runs the packaged extension: the bundle, not the repository", async () => {
    const ext = vscode.extensions.getExtension("privacy-review.privacy-review");
    assert.ok(ext, "the extension is installed");
    if (process.env.PRIVACY_REVIEW_EXPECT_VSIX) {
      assert.strictEqual(ext.extensionPath, process.env.PRIVACY_REVIEW_EXPECT_VSIX);
      assert.strictEqual(ext.packageJSON.main, "./dist/extension.js");
      const fs = require("fs");
      assert.ok(fs.existsSync(path.join(ext.extensionPath, "dist", "server.js")), "the bundled server");
      assert.ok(!fs.existsSync(path.join(ext.extensionPath, "server")), "no tsc output in the package");
      assert.ok(
        !fs.existsSync(path.join(ext.extensionPath, "node_modules")),
        "no node_modules in the package",
      );
    }
    await ext.activate();
    assert.ok(ext.isActive);
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
    // One line: the property, not the six-line call around it; the link is the bundled page.
    assert.strictEqual(anon.range.start.line, anon.range.end.line);
    assert.strictEqual(editor.document.getText(anon.range), 'user: "anonymous"');
    assert.match(anon.code.target.toString(), /^file:\/\/.*\/rules\/anonymous-access\/doc\.md$/);
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

  test("hovers a data-flow finding with what is at risk and where it was read, linked", async () => {
    const diags = await waitForDiagnostics(uri, (ds) =>
      ds.some((d) => codeOf(d) === "unencrypted-patient-write"),
    );
    const write = diags.find((d) => codeOf(d) === "unencrypted-patient-write");
    assert.strictEqual(editor.document.getText(write.range), "writeFileSync");
    const hovers = await vscode.commands.executeCommand(
      "vscode.executeHoverProvider",
      uri,
      write.range.start,
    );
    const text = hovers
      .map((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value)).join("\n"))
      .join("\n");
    assert.match(text, /\*\*At risk:\*\* patients\.nom, prenom, nir, read at \[line 8\]\(file:/);
    editor.selection = new vscode.Selection(write.range.start, write.range.start);
    editor.revealRange(write.range);
    await vscode.commands.executeCommand("editor.action.showHover");
    await shim.waitFor(".monaco-hover-content").catch(() => undefined);
    // The diagnostic's own text comes first; scroll the hover to our part (at risk, path, why, fix).
    await vscode.commands.executeCommand("editor.action.showHover", { focus: "autoFocusImmediately" });
    await vscode.commands.executeCommand("editor.action.goToBottomHover").then(undefined, () => undefined);
    for (let i = 0; i < 10; i++)
      await vscode.commands.executeCommand("editor.action.scrollUpHover").then(undefined, () => undefined);
    await shim.screenshot("hover-source");
    await vscode.commands.executeCommand("editor.action.hideHover").then(undefined, () => undefined);
  });

  test("disables a finding with a reason typed into the selected placeholder", async () => {
    const diags = await waitForDiagnostics(uri, (ds) =>
      ds.some((d) => codeOf(d) === "no-delete-after-transfer"),
    );
    const target = diags.find((d) => codeOf(d) === "no-delete-after-transfer");
    const actions = await vscode.commands.executeCommand(
      "vscode.executeCodeActionProvider",
      uri,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const disable = actions.find((a) => /^Disable no-delete-after-transfer for this line/.test(a.title));
    assert.ok(disable && disable.edit, actions.map((a) => a.title).join(" | "));
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.strictEqual(
      editor.document.getText(editor.selection),
      "<reason>",
      "the reason is selected for typing",
    );
    await waitForDiagnostics(
      uri,
      (ds) =>
        ds.some((d) => codeOf(d) === "no-delete-after-transfer") &&
        ds.some((d) => /placeholder, not a reason/.test(d.message)),
    );
    await editor.edit((b) => b.replace(editor.selection, "the partner deletes the drop box after import"));
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === "no-delete-after-transfer"));
    // Back to the original text for the next tests.
    await vscode.commands.executeCommand("undo");
    await vscode.commands.executeCommand("undo");
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === "no-delete-after-transfer"));
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
    const fix = actions.find((a) => a.isPreferred && a.edit && /PARTNER_FTP_USER/.test(a.title));
    assert.ok(fix, `a preferred fix among: ${titles.join(" | ")}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const text = editor.document.getText();
    assert.match(
      text,
      /\n    user: process\.env\.PARTNER_FTP_USER,\n    password: process\.env\.PARTNER_FTP_PASSWORD,\n/,
    );
    await waitForDiagnostics(
      uri,
      (ds) =>
        !ds.some((d) => codeOf(d) === "anonymous-access") &&
        ds.some((d) => codeOf(d) === "unencrypted-patient-write"),
    );
    await shim.screenshot("after-fix");
  });
});
