import { fold } from './vocabulary.js';

export interface Token {
  /** The word as written, without surrounding punctuation. */
  raw: string;
  /** Lower-case `raw`. */
  lc: string;
  /** `lc` without accents, what the vocabulary is matched against. */
  w: string;
  /** Whether the token is a whole quoted phrase ("refund policy"). */
  quoted: boolean;
  /** Whether a comma or semicolon followed it (ends a name, separates list items). */
  sep: boolean;
  /** Offsets of `raw` in the (NFC-normalised) query text. */
  start: number;
  end: number;
}

const PIECE_RE = /"([^"]*)"|“([^”]*)”|(?<=^|\s)'([^']+)'(?=$|[\s,.;:!?])|(\S+)/g;
const LEADING = /^[([{"'“‘¿¡#]+/;
const TRAILING = /[)\]}"'”’,.;:!?]+$/;
/** "Bob's", "l'équipe", "d'hier": the possessive goes, an elided article goes. */
const POSSESSIVE = /['’]s$/i;
const ELIDED = /^(?:l|d|qu|j|n)['’](?=\p{L})/iu;

/** Splits a query into words and quoted phrases, dropping punctuation around words. */
export function tokenize(input: string): Token[] {
  const text = input.normalize('NFC');
  const tokens: Token[] = [];
  for (const match of text.matchAll(PIECE_RE)) {
    const index = match.index ?? 0;
    const phrase = match[1] ?? match[2] ?? match[3];
    if (phrase !== undefined) {
      const raw = phrase.trim();
      const lc = raw.toLowerCase();
      const end = index + match[0].length;
      if (raw) tokens.push({ raw, lc, w: fold(raw), quoted: true, sep: false, start: index, end });
      continue;
    }
    const piece = match[4] ?? '';
    const trailing = TRAILING.exec(piece)?.[0] ?? '';
    const leading = LEADING.exec(piece)?.[0] ?? '';
    let raw = piece.slice(leading.length, piece.length - trailing.length);
    raw = raw.replace(ELIDED, '');
    if (!/[@.]/.test(raw)) raw = raw.replace(POSSESSIVE, '');
    const sep = /[,;]/.test(trailing);
    const start = index + (piece.length - trailing.length - raw.length);
    if (raw && /[\p{L}\p{N}]/u.test(raw)) {
      tokens.push({
        raw,
        lc: raw.toLowerCase(),
        w: fold(raw).replace(/['’]/g, ''),
        quoted: false,
        sep,
        start,
        end: start + raw.length,
      });
    } else if (sep) {
      const last = tokens.at(-1);
      if (last) last.sep = true;
    }
  }
  return tokens;
}
