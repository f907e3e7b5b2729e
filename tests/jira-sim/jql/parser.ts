/**
 * Recursive-descent JQL parser for the supported subset:
 *   query   := [or] [ORDER BY field [ASC|DESC] {, field [ASC|DESC]}]   (at most 7 sort fields)
 *   or      := and {OR and};  and := unary {AND unary};  unary := NOT unary | '(' or ')' | clause
 *   clause  := field op operand;  op := = != ~ !~ > >= < <= IN | NOT IN | IS | IS NOT
 *   operand := value | EMPTY | NULL | func '(' [args] ')' | '(' operand {, operand} ')'
 * Errors are JqlErrors with messages in Jira's style.
 */
import type { Clause, Expr, Operand, Query, SortKey } from "./ast";
import { JqlError, tokenize, type Token } from "./lexer";

const KEYWORDS = new Set(["and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc"]);

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[], private readonly text: string) {}

  private peek(): Token {
    return this.toks[this.i] ?? { kind: "eof", value: "", pos: this.text.length };
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.i++;
    return t;
  }
  private isWord(w: string, t = this.peek()): boolean {
    return t.kind === "word" && t.value.toLowerCase() === w;
  }
  private fail(expected: string, t = this.peek()): never {
    const got = t.kind === "eof" ? "the end of the query" : `'${t.value}'`;
    throw new JqlError(`Error in the JQL Query: Expecting ${expected} but got ${got}. (line 1, character ${t.pos + 1})`);
  }

  parse(): Query {
    let where: Expr | null = null;
    if (this.peek().kind !== "eof" && !this.isWord("order")) where = this.or();
    const orderBy: SortKey[] = [];
    if (this.isWord("order")) {
      this.next();
      if (!this.isWord("by")) this.fail("'by'");
      this.next();
      do {
        const f = this.next();
        if (f.kind !== "word" && f.kind !== "string") this.fail("a field name", f);
        let dir: "ASC" | "DESC" = "ASC";
        if (this.isWord("asc") || this.isWord("desc")) dir = this.next().value.toUpperCase() as "ASC" | "DESC";
        orderBy.push({ field: f.value, dir });
      } while (this.peek().kind === "comma" && this.next());
      if (orderBy.length > 7) throw new JqlError("The ORDER BY clause may contain at most 7 fields.");
    }
    if (this.peek().kind !== "eof") this.fail("either 'OR', 'AND' or 'ORDER BY'");
    return { where, orderBy };
  }

  private or(): Expr {
    const items = [this.and()];
    while (this.isWord("or")) {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as Expr) : { kind: "or", items };
  }

  private and(): Expr {
    const items = [this.unary()];
    while (this.isWord("and")) {
      this.next();
      items.push(this.unary());
    }
    return items.length === 1 ? (items[0] as Expr) : { kind: "and", items };
  }

  private unary(): Expr {
    if (this.isWord("not")) {
      this.next();
      return { kind: "not", item: this.unary() };
    }
    if (this.peek().kind === "lparen") {
      this.next();
      const e = this.or();
      if (this.peek().kind !== "rparen") this.fail("')'");
      this.next();
      return e;
    }
    return this.clause();
  }

  private clause(): Clause {
    const f = this.next();
    if (f.kind !== "word" && f.kind !== "string") this.fail("a field name", f);
    if (f.kind === "word" && KEYWORDS.has(f.value.toLowerCase())) this.fail("a field name", f);
    const t = this.peek();
    let op: string;
    if (t.kind === "op") op = this.next().value;
    else if (this.isWord("in")) {
      this.next();
      op = "in";
    } else if (this.isWord("not")) {
      this.next();
      if (!this.isWord("in")) this.fail("'IN' after 'NOT'");
      this.next();
      op = "not in";
    } else if (this.isWord("is")) {
      this.next();
      op = "is";
      if (this.isWord("not")) {
        this.next();
        op = "is not";
      }
    } else if (this.isWord("was") || this.isWord("changed")) {
      throw new JqlError(`The operator '${t.value.toUpperCase()}' is not supported by this simulator.`);
    } else this.fail("operator", t);
    const operand = op === "in" || op === "not in" ? this.list() : this.operand();
    return { kind: "clause", field: f.value, op, operand };
  }

  private list(): Operand {
    if (this.peek().kind !== "lparen") return this.operand();
    this.next();
    const items: Operand[] = [this.operand()];
    while (this.peek().kind === "comma") {
      this.next();
      items.push(this.operand());
    }
    if (this.peek().kind !== "rparen") this.fail("')'");
    this.next();
    return { kind: "list", items };
  }

  private operand(): Operand {
    const t = this.next();
    if (t.kind === "string") return { kind: "value", value: t.value, quoted: true };
    if (t.kind !== "word") this.fail("either a value, 'EMPTY' or a function", t);
    const low = t.value.toLowerCase();
    if (low === "empty" || low === "null") return { kind: "empty" };
    if (KEYWORDS.has(low)) this.fail("either a value, 'EMPTY' or a function", t);
    if (this.peek().kind === "lparen") {
      this.next();
      const args: string[] = [];
      while (this.peek().kind !== "rparen") {
        const a = this.next();
        if (a.kind !== "word" && a.kind !== "string") this.fail("a function argument", a);
        args.push(a.value);
        if (this.peek().kind === "comma") this.next();
      }
      this.next();
      return { kind: "func", name: t.value, args };
    }
    return { kind: "value", value: t.value, quoted: false };
  }
}

export function parseJql(text: string): Query {
  return new Parser(tokenize(text), text).parse();
}
