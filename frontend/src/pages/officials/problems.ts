/** A refused value in an officials' form or an imported file, told as one sentence naming field and value. */
import "../../lib/i18n/messages/backoffice.js";
import { t } from "../../lib/i18n/index.svelte.js";
import type { MessageKey } from "../../lib/i18n/messages.js";

export interface Problem {
  /** The input's id (forms), so the summary can move focus to it. */
  field: string;
  /** Which field, as a message key with values (rows carry their number). */
  label: { key: string; values?: Record<string, string | number> };
  value: string;
  /** Why: message key `problem_<problem>`. */
  problem: string;
  /** The bound the value broke, when there is one. */
  limit?: string;
}

export function describeProblem(problem: Problem): string {
  return t("fieldProblem", {
    field: t(problem.label.key as MessageKey, problem.label.values ?? {}),
    value: problem.value === "" ? t("emptyValue") : problem.value,
    problem: t(`problem_${problem.problem}` as MessageKey, { limit: problem.limit ?? "" }),
  });
}
