/** Public engine API, shared by the language server and the CLI. */
export { analyzeProject, Analyzer, AnalysisResult, DEFAULT_MAX_FILE_BYTES } from "./analyzer";
export { Config, ConfigError, loadConfig, parseConfig, CONFIG_FILE, Instruction } from "./config/config";
export { Finding, Notice, Location, RelatedLocation, Severity } from "./findings";
export { Workspace } from "./load/workspace";
export { discover } from "./load/discover";
export { TestCode, DEFAULT_TEST_GLOBS } from "./load/testCode";
export {
  RULES,
  allRuleMeta,
  ruleMeta,
  ruleDoc,
  ruleSummary,
  KNOWN_RULE_IDS,
  RuleMeta,
} from "./rules/registry";
export { RULES_DIR, docUrl } from "./paths";
export {
  citationText,
  citationTags,
  paragraphList,
  articleSlug,
  BREACHED_ARTICLES,
  DECISION_REFERENCE,
  DecisionCitation,
  ReadingCitation,
  RECORD_DECISION,
} from "./rules/citation";
export { checkModelExamples, ExampleProblem } from "./models/examples";
export { buildModels, Models, ModelError } from "./models/models";
