// Login page and validation for the results portal. "password" here is a form field, not a credential.
import { z } from "zod";

export const credentialsSchema = z.object({
  email: z.string().email("Adresse e-mail invalide"),
  // ok: hardcoded-credentials
  password: z.string().min(12, "Le mot de passe doit contenir au moins 12 caractères"),
});

export const initialFormState = {
  email: "",
  // ok: hardcoded-credentials
  // ok: anonymous-access
  password: "",
  remember: false,
};

export const messages = {
  // ok: hardcoded-credentials
  password: "Mot de passe incorrect",
  locked: "Compte verrouillé après 5 tentatives",
};

const FIELDS = [
  '<label for="email">E-mail</label>',
  '<input type="email" id="email" name="email" autocomplete="username">',
  '<label for="password">Mot de passe</label>',
  // ok: hardcoded-credentials
  '<input type="password" id="password" name="password" autocomplete="current-password" placeholder="Mot de passe">',
];

export function renderLoginPage(csrf: string, error?: keyof typeof messages): string {
  const alert = error ? `<p role="alert">${messages[error]}</p>` : "";
  return [
    '<form method="post" action="/login">',
    `<input type="hidden" name="_csrf" value="${csrf}">`,
    alert,
    ...FIELDS,
    '<button type="submit">Se connecter</button>',
    "</form>",
  ].join("\n");
}

export function parseLogin(body: unknown) {
  const parsed = credentialsSchema.safeParse(body);
  return parsed.success ? parsed.data : { ...initialFormState, error: parsed.error.issues[0]?.message };
}
