/** Where a round stands, as IBudgetRound.phase decides it, from the schedule and two flags. */
import { PhaseLabels, type PhaseLabel } from "./enums.js";
import { SCHEDULE_FIELDS, type Schedule, type ScheduleField } from "./rules.js";

export type Phase = PhaseLabel;

/** Every phase, in the contract's order (index = IBudgetRound.Phase). */
export const PHASES = PhaseLabels;

/**
 * The phases the schedule decides, each with the schedule field it starts at: the phase after
 * Scheduled starts at the first field, and so on (IBudgetRound.Schedule lists the starts in phase
 * order; voting ends where Closed begins).
 */
export const SCHEDULED_PHASES: readonly { phase: Phase; startsAt: ScheduleField }[] = SCHEDULE_FIELDS.map(
  (startsAt, i) => ({ phase: PHASES[i + 1]!, startsAt }),
);

export interface RoundState {
  cancelled: boolean;
  finalized: boolean;
}

/** The phase at unix time `now` (seconds). */
export function phaseOf(schedule: Schedule, now: number | bigint, state: RoundState): Phase {
  if (state.cancelled) return "cancelled";
  if (state.finalized) return "finalized";
  let phase: Phase = "scheduled";
  for (const step of SCHEDULED_PHASES) {
    if (BigInt(now) < BigInt(schedule[step.startsAt])) break;
    phase = step.phase;
  }
  return phase;
}

/** The schedule as [phase, its start] pairs, for showing a round's timeline. */
export function scheduleSteps(schedule: Schedule): [Phase, number][] {
  return SCHEDULED_PHASES.map((step) => [step.phase, schedule[step.startsAt]]);
}
