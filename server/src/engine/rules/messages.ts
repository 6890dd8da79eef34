/**
 * Finding messages from templates, as typescript-eslint's `meta.messages`: each rule's meta.json
 * maps a message id to a text with `{{placeholders}}`, which a report fills with `messageData`.
 */
import { MessageData } from "./context";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names of a template, in order, each once. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * The template with its placeholders replaced. A placeholder with no value is a bug in the rule:
 * it throws (the analyzer turns that into the rule's error notice), never shows `{{name}}`.
 */
export function fillMessage(template: string, data: MessageData | undefined, where: string): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = data && Object.hasOwn(data, name) ? data[name] : undefined;
    if (value === undefined) throw new Error(`${where}: no value for the message placeholder {{${name}}}`);
    return String(value);
  });
}
