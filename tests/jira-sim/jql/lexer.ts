/**
 * JQL tokenizer. Produces strings (double- or single-quoted, with backslash escapes), bare words (field
 * names, unquoted values such as OPS-12, 2024/03/20, -5d, cf[10040]), operators and punctuation, each with
 * its offset for error messages. Characters outside this set raise a JqlError (answered as HTTP 400).
 */

export class JqlError extends Error {}

export type TokenKind = "string" | "word" | "op" | "lparen" | "rparen" | "comma" | "eof";

export interface Token {
  kind: TokenKind;
  value: string;
  pos: number;
}

const OPS = ["!=", "!~", ">=", "<=", "=", "~", ">", "<"];
const WORD_CHAR = /[A-Za-z0-9_.\-/:@+*[\]$#]/;

export function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(") out.push({ kind: "lparen", value: ch, pos: i++ });
    else if (ch === ")") out.push({ kind: "rparen", value: ch, pos: i++ });
    else if (ch === ",") out.push({ kind: "comma", value: ch, pos: i++ });
    else if (ch === '"' || ch === "'") {
      const start = i++;
      let s = "";
      while (i < input.length && input.charAt(i) !== ch) {
        if (input.charAt(i) === "\\" && i + 1 < input.length) i++;
        s += input.charAt(i++);
      }
      if (i >= input.length) throw new JqlError(`Error in the JQL Query: The quoted string starting at character ${start} is not terminated.`);
      i++;
      out.push({ kind: "string", value: s, pos: start });
    } else {
      const op = OPS.find((o) => input.startsWith(o, i));
      if (op) {
        out.push({ kind: "op", value: op, pos: i });
        i += op.length;
        continue;
      }
      if (!WORD_CHAR.test(ch)) throw new JqlError(`Error in the JQL Query: The character '${ch}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}' instead. (line 1, character ${i + 1})`);
      const start = i;
      while (i < input.length && WORD_CHAR.test(input.charAt(i))) {
        // a '-' that follows a word char is part of the word (OPS-1); '>'/'<' never are
        i++;
      }
      out.push({ kind: "word", value: input.slice(start, i), pos: start });
    }
  }
  out.push({ kind: "eof", value: "", pos: input.length });
  return out;
}
