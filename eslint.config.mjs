// `npm run lint`: typescript-eslint's recommended-type-checked over the TypeScript sources
// (server, client, tests), with type information from the projects' tsconfig files.
// All of recommended-type-checked is on, no-unsafe-* included: JSON.parse results are `unknown` and
// narrowed (test/util/outputs.ts types the CLI's outputs). The one rule turned off says why.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/out/**",
      "dist/**",
      "node_modules/**",
      ".vscode-test/**",
      // Annotated fixtures, corpora and examples are inputs to the analysis, not our code.
      "rules/**",
      "examples/**",
      "test/corpus*/**",
      "test/example/**",
      "test/real/**",
      "test/vscode/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Unused bindings are errors, except `_`-prefixed ones and rest siblings ({ drop, ...kept }).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Off: parsers are loaded lazily with require() so that workspaces without them pay nothing.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
