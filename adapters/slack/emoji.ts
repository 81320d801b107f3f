/**
 * Slack sends emoji in message and command text as shortcodes (`:tada:`, `:+1::skin-tone-3:`), and turns typed
 * emoticons into them (`:)` arrives as `:slightly_smiling_face:`). The core reads Unicode emoji as "no words" (a skill
 * of only emoji is refused, "yes 👍" answers a nudge), so the common ones are turned back into Unicode here.
 * Names outside this list (rarer emoji, a workspace's custom ones) stay as typed.
 */
const EMOJI: Record<string, string> = {
  "+1": "👍", thumbsup: "👍", "-1": "👎", thumbsdown: "👎", ok_hand: "👌", pray: "🙏", raised_hands: "🙌", clap: "👏",
  wave: "👋", muscle: "💪", point_up: "☝️", point_right: "👉", point_left: "👈", point_down: "👇", v: "✌️",
  crossed_fingers: "🤞", handshake: "🤝", raised_hand: "✋", hand: "✋", bow: "🙇", raising_hand: "🙋",
  smile: "😄", smiley: "😃", grinning: "😀", grin: "😁", laughing: "😆", satisfied: "😆", joy: "😂",
  rolling_on_the_floor_laughing: "🤣", sweat_smile: "😅", blush: "😊", wink: "😉", slightly_smiling_face: "🙂",
  upside_down_face: "🙃", relaxed: "☺️", heart_eyes: "😍", sunglasses: "😎", thinking_face: "🤔",
  face_with_rolling_eyes: "🙄", neutral_face: "😐", confused: "😕", slightly_frowning_face: "🙁", disappointed: "😞",
  cry: "😢", sob: "😭", stuck_out_tongue: "😛", stuck_out_tongue_winking_eye: "😜", open_mouth: "😮",
  hugging_face: "🤗", grimacing: "😬", sweat: "😓", sleeping: "😴", see_no_evil: "🙈", innocent: "😇",
  heart: "❤️", blue_heart: "💙", green_heart: "💚", purple_heart: "💜", yellow_heart: "💛", sparkling_heart: "💖",
  tada: "🎉", confetti_ball: "🎊", fire: "🔥", rocket: "🚀", "100": "💯", sparkles: "✨", star: "⭐", star2: "🌟",
  eyes: "👀", bulb: "💡", white_check_mark: "✅", heavy_check_mark: "✔️", ballot_box_with_check: "☑️", x: "❌",
  warning: "⚠️", question: "❓", exclamation: "❗", coffee: "☕", beers: "🍻", trophy: "🏆", memo: "📝", zap: "⚡",
  boom: "💥", sunny: "☀️", rainbow: "🌈",
};

const SHORTCODE = new RegExp(
  `:(${Object.keys(EMOJI).map((k) => k.replace(/[+-]/g, "\\$&")).join("|")}):(?::skin-tone-([2-6]):)?`,
  "g",
);

/** `:tada:` → 🎉, `:+1::skin-tone-3:` → 👍🏼; unknown names (custom emoji) and other colons (`21:00`) are left alone. */
export function slackEmojiToUnicode(text: string): string {
  return text.replace(SHORTCODE, (_m, name: string, tone?: string) => {
    const emoji = EMOJI[name] ?? "";
    return tone ? emoji.replace(/\uFE0F$/, "") + String.fromCodePoint(0x1f3fb + Number(tone) - 2) : emoji;
  });
}
