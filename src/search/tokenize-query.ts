export interface Token {
  /** The word as written, without surrounding punctuation. */
  raw: string;
  /** Lower-case `raw`. */
  lc: string;
  /** Whether the token is a whole quoted phrase ("refund policy"). */
  quoted: boolean;
  /** Whether a comma or semicolon followed it (ends a name, separates list items). */
  sep: boolean;
}

const PIECE_RE = /"([^"]*)"|“([^”]*)”|(?<=^|\s)'([^']+)'(?=$|[\s,.;:!?])|(\S+)/g;
const LEADING = /^[([{"'“‘]+/;
const TRAILING = /[)\]}"'”’,.;:!?]+$/;

/** Splits a query into words and quoted phrases, dropping punctuation around words. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.normalize('NFC').matchAll(PIECE_RE)) {
    const phrase = match[1] ?? match[2] ?? match[3];
    if (phrase !== undefined) {
      const raw = phrase.trim();
      if (raw) tokens.push({ raw, lc: raw.toLowerCase(), quoted: true, sep: false });
      continue;
    }
    const piece = match[4] ?? '';
    const trailing = TRAILING.exec(piece)?.[0] ?? '';
    const raw = piece.replace(LEADING, '').replace(TRAILING, '');
    const sep = /[,;]/.test(trailing);
    if (raw && /[\p{L}\p{N}]/u.test(raw)) tokens.push({ raw, lc: raw.toLowerCase(), quoted: false, sep });
    else if (sep) {
      const last = tokens.at(-1);
      if (last) last.sep = true;
    }
  }
  return tokens;
}
