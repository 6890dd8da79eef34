// Placeholder until the language client lands (issue 3).
export function activate(): void {}
export function deactivate(): void {}
