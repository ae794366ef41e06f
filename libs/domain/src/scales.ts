/**
 * The dialogue tools that rate a child's development (DOMAIN.md, "Use dialogue tools").
 * - dialogue: Dialoglinealen, 1–10, sad ↔ happy smileys / limitations ↔ resources;
 * - ors / cors: FIT Outcome Rating Scale (adult / child version), four 0–10 subscales, total 0–40,
 *   clinical cut-off 25 (ORS) and 32 (CORS);
 * - srs: FIT Session Rating Scale, four 0–10 subscales, cut-off 36 (rates the session, no goal);
 * - safety: Signs of Safety safety scale, 0–10.
 */
export const SCALES = ['dialogue', 'ors', 'cors', 'srs', 'safety'] as const;
export type Scale = (typeof SCALES)[number];

export interface ScaleDefinition {
  min: number;
  max: number;
  /** Subscale count for the FIT scales; the value is their sum. */
  subscales: number;
  cutoff: number | null;
  /** Whether the rating belongs to a goal (the session rating does not). */
  perGoal: boolean;
  anchors: { low: string; high: string };
}

export const SCALE_DEFINITIONS: Record<Scale, ScaleDefinition> = {
  dialogue: { min: 1, max: 10, subscales: 0, cutoff: null, perGoal: true, anchors: { low: 'limitations', high: 'resources' } },
  ors: { min: 0, max: 40, subscales: 4, cutoff: 25, perGoal: true, anchors: { low: 'struggling', high: 'doing well' } },
  cors: { min: 0, max: 40, subscales: 4, cutoff: 32, perGoal: true, anchors: { low: 'struggling', high: 'doing well' } },
  srs: { min: 0, max: 40, subscales: 4, cutoff: 36, perGoal: false, anchors: { low: 'poor session', high: 'good session' } },
  safety: { min: 0, max: 10, subscales: 0, cutoff: null, perGoal: true, anchors: { low: 'not safe', high: 'safe enough to close' } },
};

export type RatingCheck = { ok: true; value: number } | { ok: false; field: 'value' | 'subscales' | 'goalId'; problem: string };

/** Validates a rating and computes its value (the subscale sum for FIT scales). */
export function checkRating(scale: Scale, input: { value?: number; subscales?: number[]; goalId?: string | null }): RatingCheck {
  const definition = SCALE_DEFINITIONS[scale];
  if (definition.perGoal && !input.goalId) return { ok: false, field: 'goalId', problem: `a ${scale} rating belongs to a goal` };
  if (!definition.perGoal && input.goalId) return { ok: false, field: 'goalId', problem: `a ${scale} rating rates the session, not a goal` };
  if (definition.subscales > 0) {
    const subscales = input.subscales ?? [];
    if (subscales.length !== definition.subscales || subscales.some((v) => !Number.isFinite(v) || v < 0 || v > 10)) {
      return { ok: false, field: 'subscales', problem: `${definition.subscales} subscale values from 0 to 10 are required` };
    }
    return { ok: true, value: Math.round(subscales.reduce((sum, v) => sum + v, 0) * 10) / 10 };
  }
  const value = input.value;
  if (value === undefined || !Number.isInteger(value) || value < definition.min || value > definition.max) {
    return { ok: false, field: 'value', problem: `a whole number from ${definition.min} to ${definition.max} is required` };
  }
  return { ok: true, value };
}
