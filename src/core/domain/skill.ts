export const SKILL_LEVELS = ["expert", "can_help", "learning"] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

export const SKILL_SOURCES = ["declared", "evidence", "imported"] as const;
export type SkillSource = (typeof SKILL_SOURCES)[number];

export const LEVEL_LABEL: Record<SkillLevel, string> = {
  expert: "expert",
  can_help: "can help",
  learning: "learning",
};

export interface Skill {
  /** The member's own wording, kept for display ("Etsy SEO"). */
  label: string;
  /** Normalised key used for matching and de-duplication ("etsy seo"; aliases resolved: "k8s" → "kubernetes"). */
  key: string;
  level: SkillLevel;
  source: SkillSource;
  addedAt: Date;
  /** Last time the member said this is still accurate (equals addedAt until then). */
  confirmedAt: Date;
}

/** A skill as typed or picked by a member, before it is stored. */
export interface SkillInput {
  label: string;
  level: SkillLevel;
}
