import { stem } from "./text.js";

/**
 * Near-homonyms kept apart by context: the same word names different skills ("Go" the language vs the
 * board game; "Rust" the language vs the survival game vs rust removal). A question or a member's profile
 * is read for context words of each sense; the word is indexed as `word#sense`, or `word#?` when nothing
 * tells the senses apart. `#?` matches any sense at half weight; two different known senses never match.
 */
export interface Sense {
  name: string;
  /** Plain-language name for explanations. */
  label: string;
  context: readonly string[];
  /**
   * The sense a declared skill has when nothing in the member's profile says otherwise: someone who lists
   * “Python” as a skill means the language, “bass” the instrument, “Apple” the computers. Questions never
   * default: “anyone know python?” matches every sense at half weight.
   */
  skillDefault?: boolean;
}

export const HOMONYMS: Readonly<Record<string, readonly Sense[]>> = {
  go: [
    { name: "lang", label: "the Go language", context: ["programming", "program", "code", "coding", "server", "backend", "goroutine", "concurrency", "compile", "compiler", "api", "microservice", "microservices", "developer", "software", "binary", "module", "modules", "gin", "docker", "kubernetes", "golang", "language", "channels", "struct", "interface", "generics", "web", "service", "cli", "python", "rust", "java", "javascript", "typescript", "c++", "engineer", "engineering", "devops", "test", "tests", "library", "package", "error", "errors", "memory", "performance"] },
    { name: "game", label: "the board game Go", context: ["board", "baduk", "weiqi", "igo", "stone", "stones", "joseki", "tsumego", "kyu", "dan", "opening", "openings", "tournament", "club", "chess", "shogi", "sgf", "go board", "life and death", "handicap", "komi", "ogs", "kgs", "strategy", "boardgame", "board games", "player", "play", "game", "games"] },
  ],
  rust: [
    { name: "lang", label: "the Rust language", context: ["programming", "program", "code", "coding", "cargo", "crate", "crates", "borrow", "borrow checker", "compiler", "compile", "memory", "safety", "wasm", "webassembly", "tokio", "async", "systems", "backend", "lifetime", "lifetimes", "trait", "traits", "c++", "c", "go", "python", "developer", "software", "language", "struct", "macro", "unsafe", "library", "embedded", "engineer", "engineering", "api", "server", "performance", "rustc", "clippy"] },
    { name: "game", label: "the game Rust", context: ["survival", "raid", "raiding", "base", "wipe", "steam", "facepunch", "pvp", "multiplayer", "gaming", "gamer", "game", "games", "play", "playing", "clan", "minecraft", "ark", "dayz", "modded", "oxide", "umod", "twitch"] },
    { name: "corrosion", label: "rust removal", context: ["remove", "removal", "removing", "metal", "car", "bike", "bicycle", "tool", "tools", "iron", "steel", "corrosion", "corroded", "restore", "restoration", "restoring", "paint", "sand", "sanding", "vinegar", "oxidation", "weld", "welding", "chrome", "bolt", "bolts", "boat", "gate", "fence", "vintage", "antique", "rusty", "rusted", "cast iron", "skillet", "pan", "wire brush", "primer", "body work", "bodywork", "chain", "mechanic", "garage", "furniture"] },
  ],
  python: [
    { name: "lang", label: "the Python language", skillDefault: true, context: ["programming", "program", "code", "coding", "script", "scripts", "scripting", "pandas", "numpy", "django", "flask", "fastapi", "pip", "jupyter", "notebook", "library", "function", "developer", "software", "automation", "automate", "api", "csv", "excel", "spreadsheet", "data", "scrape", "scraping", "install", "error", "bug", "learn to code", "language", "javascript", "sql", "machine learning", "ml", "bot", "backend"] },
    { name: "pet", label: "python snakes", context: ["snake", "snakes", "reptile", "reptiles", "ball", "royal", "feed", "feeding", "fed", "eat", "eaten", "eating", "shed", "shedding", "enclosure", "terrarium", "vivarium", "vet", "mouse", "mice", "rat", "rats", "pet", "pets", "hatchling", "morph", "burmese", "tank", "heat lamp", "humidity"] },
  ],
  kafka: [
    { name: "software", label: "Apache Kafka", skillDefault: true, context: ["topic", "topics", "partition", "partitions", "consumer", "consumers", "producer", "producers", "broker", "brokers", "offset", "offsets", "lag", "stream", "streams", "streaming", "event", "events", "queue", "queues", "message", "messages", "cluster", "zookeeper", "kraft", "schema registry", "connect", "ksql", "flink", "spark", "pipeline", "pipelines", "data", "confluent", "throughput", "latency", "java", "scala", "python", "go", "microservice", "microservices", "backend", "engineer", "engineering", "deploy", "config", "server"] },
    { name: "author", label: "Franz Kafka", context: ["franz", "metamorphosis", "trial", "castle", "novel", "novels", "novella", "story", "stories", "book", "books", "read", "reading", "reader", "essay", "essays", "literature", "literary", "lit", "author", "writer", "writing", "prague", "kafkaesque", "existential", "existentialism", "gregor", "samsa", "book club", "chapter", "class", "english", "german", "seminar", "thesis"] },
  ],
  bass: [
    { name: "music", label: "bass (music)", skillDefault: true, context: ["guitar", "guitars", "play", "playing", "player", "band", "amp", "amplifier", "string", "strings", "upright", "electric", "fretless", "jazz", "music", "musician", "lesson", "lessons", "groove", "slap", "pedal", "bassist", "double bass", "mix", "mixing", "eq", "low end", "song", "songs", "record", "recording", "gig", "chords", "scales"] },
    { name: "fish", label: "bass fishing", context: ["fishing", "fish", "lure", "lures", "bait", "lake", "river", "pond", "largemouth", "smallmouth", "striped", "rod", "reel", "catch", "caught", "cast", "casting", "boat", "dam", "angling", "angler", "hook", "spinnerbait", "crankbait", "worm", "worms", "tackle"] },
  ],
  apple: [
    { name: "tech", label: "Apple devices", skillDefault: true, context: ["mac", "macbook", "iphone", "ipad", "ios", "macos", "imac", "icloud", "airpods", "app", "apps", "app store", "laptop", "computer", "software", "update", "device", "devices", "ecosystem", "watch", "keychain", "xcode", "swift", "troubleshooting", "apple id"] },
    { name: "fruit", label: "apples (the fruit)", context: ["tree", "trees", "orchard", "fruit", "fruits", "pie", "cider", "graft", "grafting", "scab", "blossom", "harvest", "prune", "pruning", "variety", "varieties", "baking", "juice", "garden", "gardening", "rootstock", "spray"] },
  ],
  macro: [
    { name: "photo", label: "macro photography", context: ["photography", "photo", "photos", "photograph", "photographer", "lens", "lenses", "camera", "shoot", "shooting", "shot", "shots", "focus", "focus stacking", "stacking", "insect", "insects", "bug", "bugs", "flower", "flowers", "close up", "closeup", "extension tubes", "bellows", "flash", "diffuser", "aperture", "depth of field", "dof", "sharp", "nikon", "canon", "sony", "fuji", "mm", "f2.8", "tripod"] },
    { name: "code", label: "macros (spreadsheet and editor automation)", context: ["excel", "spreadsheet", "spreadsheets", "sheet", "sheets", "vba", "word", "office", "automate", "automation", "script", "scripts", "workbook", "cell", "cells", "formula", "formulas", "keyboard", "shortcut", "shortcuts", "vim", "emacs", "keyboard macro", "invoice", "invoices", "record", "button", "google sheets", "libreoffice", "code", "c", "c++", "rust", "preprocessor"] },
    { name: "nutrition", label: "macros (nutrition)", context: ["protein", "carbs", "carb", "fat", "fats", "calorie", "calories", "diet", "dieting", "meal", "meals", "meal prep", "nutrition", "bulk", "bulking", "cut", "cutting", "gym", "lifting", "weight", "track", "tracking", "myfitnesspal", "iifym", "food", "eat", "eating"] },
  ],
  stock: [
    { name: "photo", label: "stock photography", context: ["photography", "photo", "photos", "image", "images", "footage", "video", "shutterstock", "adobe stock", "getty", "istock", "license", "licensing", "royalty", "royalties", "contributor", "microstock", "keywords", "keywording", "upload", "portfolio"] },
    { name: "finance", label: "stocks and shares", context: ["invest", "investing", "investment", "investor", "shares", "share", "market", "stock market", "earnings", "dividend", "dividends", "portfolio", "broker", "brokerage", "trading", "trade", "trader", "savings", "isa", "etf", "etfs", "fund", "funds", "price", "options", "nasdaq", "ftse", "s&p", "buy", "buying", "sell", "selling", "ticker", "equity", "equities", "retirement", "pension"] },
    { name: "inventory", label: "stock (inventory)", context: ["inventory", "warehouse", "shop", "store", "shopify", "amazon", "fba", "ebay", "etsy", "order", "orders", "supplier", "suppliers", "sku", "skus", "stock levels", "out of stock", "restock", "reorder", "stock control", "stocktake", "pallet", "pallets", "fulfilment", "fulfillment", "product", "products", "listing", "listings", "retail", "sales"] },
    { name: "cooking", label: "stock (cooking)", context: ["broth", "bone", "bones", "chicken", "beef", "veg", "vegetable", "soup", "soups", "simmer", "simmering", "pot", "recipe", "recipes", "gravy", "sauce", "sauces", "risotto", "cook", "cooking", "kitchen", "freeze", "cube", "cubes"] },
  ],
  hedge: [
    { name: "garden", label: "hedges", skillDefault: true, context: ["garden", "gardening", "laying", "hedge laying", "hedgerow", "hedgerows", "trim", "trimming", "cut", "cutting", "prune", "pruning", "plant", "planting", "privet", "hawthorn", "beech", "yew", "laurel", "box", "leylandii", "bird", "birds", "nesting", "boundary", "field", "farm", "tree", "trees", "shrub", "shrubs", "allotment", "wildlife"] },
    { name: "finance", label: "hedge funds and hedging", context: ["fund", "funds", "hedge fund", "hedging", "investment", "investing", "invest", "finance", "financial", "bank", "banking", "trader", "trading", "portfolio", "risk", "derivatives", "options", "futures", "fx", "currency", "interview", "analyst", "quant", "city"] },
  ],
};

/**
 * The homonym a folded word is, its plural included ("macros" → "macro", "basses" → "bass"), or undefined. "Go" has no
 * plural here: "goes" is the verb.
 */
export function homonymKey(word: string): string | undefined {
  if (Object.hasOwn(HOMONYMS, word)) return word;
  for (const end of ["s", "es"]) {
    const base = word.slice(0, -end.length);
    if (word.endsWith(end) && base !== "go" && Object.hasOwn(HOMONYMS, base)) return base;
  }
  return undefined;
}

/** The sense a declared skill takes by default (see Sense.skillDefault), if the homonym has one. */
export function skillDefaultSense(word: string): string | undefined {
  return HOMONYMS[homonymKey(word) ?? ""]?.find((s) => s.skillDefault)?.name;
}

/** Every sense name of a homonym. */
export function senseNames(word: string): string[] {
  return HOMONYMS[homonymKey(word) ?? ""]?.map((s) => s.name) ?? [];
}

const CONTEXT_STEMS: ReadonlyMap<string, ReadonlyArray<{ sense: string; words: ReadonlySet<string> }>> = new Map(
  Object.entries(HOMONYMS).map(([word, senses]) => [word, senses.map((s) => ({ sense: s.name, words: new Set(s.context.map(stemPhrase)) }))]),
);

function stemPhrase(p: string): string {
  return p.split(" ").map(stem).join(" ");
}

/** Whether the folded word has senses told apart by context. */
export function isHomonym(word: string): boolean {
  return homonymKey(word) !== undefined;
}

/**
 * The sense of `word` given context stems (and stem bigrams): the sense with the most context hits, or
 * "?" when none or a tie. `forced` wins (an alias such as "golang" names the sense itself).
 */
export function resolveSense(word: string, contextStems: readonly string[]): string {
  const senses = CONTEXT_STEMS.get(homonymKey(word) ?? "");
  if (!senses) return "?";
  const grams = new Set(contextStems);
  for (let i = 0; i + 1 < contextStems.length; i++) grams.add(`${contextStems[i]} ${contextStems[i + 1]}`);
  let best = "?";
  let bestHits = 0;
  let tie = false;
  for (const s of senses) {
    let hits = 0;
    for (const g of grams) if (s.words.has(g)) hits++;
    if (hits > bestHits) {
      best = s.sense;
      bestHits = hits;
      tie = false;
    } else if (hits === bestHits && hits > 0) tie = true;
  }
  return tie ? "?" : best;
}

/** Plain-language label of a sense token ("go#game" → "the board game Go"), or null for unknown senses. */
export function senseLabel(token: string): string | null {
  const [word, sense] = token.split("#");
  return HOMONYMS[homonymKey(word ?? "") ?? ""]?.find((s) => s.name === sense)?.label ?? null;
}
