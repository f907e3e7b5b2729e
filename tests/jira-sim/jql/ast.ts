/**
 * JQL syntax tree types shared by the parser and the evaluator.
 */

export type Operand =
  | { kind: "value"; value: string; quoted: boolean }
  | { kind: "empty" }
  | { kind: "func"; name: string; args: string[] }
  | { kind: "list"; items: Operand[] };

export interface Clause {
  kind: "clause";
  field: string;
  op: string; // = != ~ !~ > >= < <= in "not in" is "is not"
  operand: Operand;
}

export type Expr = Clause | { kind: "and"; items: Expr[] } | { kind: "or"; items: Expr[] } | { kind: "not"; item: Expr };

export interface SortKey {
  field: string;
  dir: "ASC" | "DESC";
}

export interface Query {
  where: Expr | null;
  orderBy: SortKey[];
}
