import type { SkillLevel } from "../../src/core/domain/skill.js";

export interface DemoMember {
  slug: string;
  name: string;
  timezone: string;
  about: string;
  skills: Array<[label: string, level: SkillLevel]>;
  /** Availability that differs from the defaults. */
  cap?: number;
  quiet?: [number, number];
  pauseDays?: number;
}

/** A small community of makers, freelancers and engineers who help each other (written for the product). */
export const DEMO_MEMBERS: readonly DemoMember[] = [
  {
    slug: "maya", name: "Maya Okafor", timezone: "Europe/London",
    about: "Freelance writer for nine years — travel and food features. Happy to read a query letter before you send it.",
    skills: [["magazine query letters", "expert"], ["pitching editors", "expert"], ["copywriting", "can_help"], ["personal essays", "can_help"]],
  },
  {
    slug: "tom", name: "Tom Becker", timezone: "America/Chicago",
    about: "I run a small ceramics shop on Etsy. Learned SEO the hard way; glad to save you the trouble.",
    skills: [["Etsy SEO", "expert"], ["product photography", "can_help"], ["SEO", "can_help"], ["Shopify", "learning"]],
  },
  {
    slug: "priya", name: "Priya Raman", timezone: "America/Toronto",
    about: "Bookkeeper for freelancers and tiny studios. I like turning a shoebox of receipts into something calm.",
    skills: [["bookkeeping", "expert"], ["QuickBooks", "expert"], ["self-employed taxes", "can_help"], ["invoicing", "can_help"]],
  },
  {
    slug: "lars", name: "Lars Nyström", timezone: "Europe/Stockholm",
    about: "Platform engineer. I run Kubernetes for a living and still think it's fun.",
    skills: [["Kubernetes", "expert"], ["Terraform", "can_help"], ["AWS", "can_help"], ["Go", "can_help"]],
    cap: 2,
  },
  {
    slug: "rosa", name: "Rosa Delgado", timezone: "America/Mexico_City",
    about: "Crochet designer; I sell patterns and teach beginners on weekends.",
    skills: [["crochet", "expert"], ["knitting", "can_help"], ["pattern writing", "can_help"], ["yarn dyeing", "learning"]],
  },
  {
    slug: "sam", name: "Sam Lee", timezone: "America/Los_Angeles",
    about: "Career changer from retail, six months into learning web development. Always up for a study buddy.",
    skills: [["React", "learning"], ["JavaScript", "learning"], ["HTML", "can_help"], ["CSS", "can_help"]],
  },
  {
    slug: "dana", name: "Dana Whitfield", timezone: "America/New_York",
    about: "Former in-house counsel. I can explain a contract clause in plain English (not legal advice!).",
    skills: [["contracts", "expert"], ["freelance agreements", "expert"], ["intellectual property", "can_help"], ["GDPR", "can_help"]],
    quiet: [22, 7],
  },
  {
    slug: "kenji", name: "Kenji Watanabe", timezone: "Asia/Tokyo",
    about: "Front-end lead. I review React code for fun and care a lot about accessibility.",
    skills: [["React", "expert"], ["TypeScript", "expert"], ["Node.js", "can_help"], ["accessibility", "can_help"]],
  },
  {
    slug: "amara", name: "Amara Nwosu", timezone: "Africa/Lagos",
    about: "Brand designer with a two-person studio. Logos, packaging, the odd mural.",
    skills: [["logo design", "expert"], ["Figma", "expert"], ["branding", "can_help"], ["illustration", "can_help"]],
  },
  {
    slug: "felix", name: "Felix Hart", timezone: "Europe/Berlin",
    about: "Data analyst at a logistics company. Spreadsheets that got out of hand are my speciality.",
    skills: [["Python", "expert"], ["SQL", "can_help"], ["data visualization", "can_help"], ["Excel", "expert"]],
  },
  {
    slug: "grace", name: "Grace Kim", timezone: "Australia/Sydney",
    about: "Grant writer for arts nonprofits. I've read a lot of funder guidelines so you don't have to.",
    skills: [["grant writing", "expert"], ["nonprofit fundraising", "can_help"], ["copywriting", "can_help"]],
  },
  {
    slug: "omar", name: "Omar Haddad", timezone: "Europe/Paris",
    about: "Photographer, mostly products and food. On a shoot abroad this month.",
    skills: [["product photography", "expert"], ["photography", "expert"], ["Lightroom", "can_help"]],
    pauseDays: 10,
  },
  {
    slug: "lena", name: "Lena Fischer", timezone: "Europe/Vienna",
    about: "I edit podcasts and am slowly figuring out how to market my own show.",
    skills: [["podcast editing", "can_help"], ["audio production", "can_help"], ["marketing", "learning"]],
  },
  {
    slug: "jo", name: "Jo Martins", timezone: "Europe/Lisbon",
    about: "",
    skills: [],
  },
];

/** A question from the community's recent past, and what happened to it. */
export interface DemoQuestion {
  daysAgo: number;
  asker: string;
  question: string;
  /** What the first asked candidate does; later candidates accept. */
  first: "accept" | "decline" | "not_my_area" | "none";
  /** The asker's answer to "did you get help?" (null: not answered yet). */
  helped: boolean | null;
  /**
   * Who helps: the asker picks this member from the suggestions (their "Ask …" button) and they accept. Without it
   * the asker presses "Ask the best ones" and whoever the first offer reaches answers as `first` says.
   */
  helper?: string;
}

export const DEMO_QUESTIONS: readonly DemoQuestion[] = [
  { daysAgo: 33, asker: "sam", question: "Who can help me understand React hooks? useEffect keeps running twice.", first: "accept", helped: true, helper: "kenji" },
  { daysAgo: 26, asker: "grace", question: "Could someone review my magazine query letter before I pitch a travel editor?", first: "accept", helped: true, helper: "maya" },
  { daysAgo: 24, asker: "sam", question: "How do I deploy a small app to Kubernetes on AWS?", first: "accept", helped: true, helper: "lars" },
  { daysAgo: 19, asker: "tom", question: "Does anyone know about VAT for selling ceramics to EU customers?", first: "none", helped: null },
  { daysAgo: 16, asker: "rosa", question: "Can someone look over a freelance agreement for a pattern commission?", first: "decline", helped: true },
  { daysAgo: 12, asker: "lena", question: "Who knows about music licensing for a podcast intro?", first: "none", helped: null },
  { daysAgo: 9, asker: "felix", question: "Can someone give feedback on a logo design for my side project?", first: "accept", helped: false, helper: "amara" },
  { daysAgo: 5, asker: "amara", question: "Who can help with bookkeeping and QuickBooks for a small design studio?", first: "accept", helped: null, helper: "priya" },
  { daysAgo: 3, asker: "jo", question: "Is there anyone who can teach me crochet basics?", first: "not_my_area", helped: null },
  { daysAgo: 1, asker: "maya", question: "Who can help me with SEO for my writing portfolio site?", first: "none", helped: null },
];
