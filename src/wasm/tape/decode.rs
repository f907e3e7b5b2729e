//! `decodeTape`: the JavaScript half of the tape, which rebuilds a value from it (the module above documents
//! the format): ops, numbers, and string contents back to back (lengths in UTF-16 units). Plain JavaScript, no
//! calls back into wasm, so the typed-array views over wasm memory stay valid throughout.
//!
//! The reader's state (the tape and its place in it) lives in the module and its functions are the module's, not
//! closures made anew by each call, so `value` is one function object and the note shapes' literals call it
//! monomorphically; a position (a number, or null) is read by `num`, which steps over a number's op without the
//! dispatch. Together 0.96–0.98× the CPU time of `parseNote` on the bench's corpora, measured bundled as the
//! product ships it (`bench/pkg-build.ts`). `decodeTape` runs no code but its own, so it is never re-entered; it
//! drops its references to the tape before it returns.
//!
//! The note's own shapes are known before the first op (`NOTE_SHAPES`: the entries of `LITERALS`, in the order
//! of the encoder's `note_shapes`, which a test checks); the first object of any other shape is keyed and built
//! key by key, and its key names are kept for the shape. Every later object of a shape, keyed or bare, is made
//! by a *maker* chosen at the shape's second object, once (a shape met once, as a note's front matter is, never
//! pays for one): for the note's shapes (tasks, tags, headings, …) an object literal that reads
//! its values from the tape in source order, which V8 builds at its final hidden class in one step; for any
//! other shape (front matter mappings) a copy of a template filled in key by key, which needs a keyed store per
//! property and costs about ten times more per object. A keyed object uses a literal only when its complete key
//! sequence is one of `LITERALS`' (`tests/wasm_boundary.rs` compares the result with serde_json's text).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// The note's own object shapes, by key sequence (`Note`, `Span`, `Diagnostic`, `Heading`, `WikiLink`, `Tag`,
// `Task` with its flattened `TaskFields`, `JiraKeyRef`): literals evaluate their values left to right, which is
// the tape's order; `v` is `next` (stepping over the key op before each value) for keyed objects, `value` for
// bare ones, and `m` the same for a value that is usually a number (a position: `num` for bare objects). No key
// here is `__proto__`, which a literal would take as the prototype.
const LITERALS = [
  [["frontmatter", "frontmatterRange", "diagnostics", "title", "headings", "wikiLinks", "tags", "tasks", "jiraKeys"],
    (v, m) => ({ frontmatter: v(), frontmatterRange: v(), diagnostics: v(), title: v(), headings: v(), wikiLinks: v(), tags: v(), tasks: v(), jiraKeys: v() })],
  [["start", "end", "startLine", "endLine"], (v, m) => ({ start: m(), end: m(), startLine: m(), endLine: m() })],
  [["severity", "code", "message", "line", "column", "offset"],
    (v, m) => ({ severity: v(), code: v(), message: v(), line: m(), column: m(), offset: m() })],
  [["level", "text", "line", "column", "offset"], (v, m) => ({ level: m(), text: v(), line: m(), column: m(), offset: m() })],
  [["target", "heading", "blockRef", "alias", "embed", "line", "column", "offset", "raw"],
    (v, m) => ({ target: v(), heading: v(), blockRef: v(), alias: v(), embed: v(), line: m(), column: m(), offset: m(), raw: v() })],
  [["name", "source", "line", "column", "offset"], (v, m) => ({ name: v(), source: v(), line: m(), column: m(), offset: m() })],
  [["status", "checked", "text", "description", "line", "column", "offset", "indent", "depth", "parent", "due", "scheduled",
    "start", "done", "created", "cancelled", "priority", "recurrence", "id", "dependsOn", "tags", "blockId", "jiraKey"],
    (v, m) => ({ status: v(), checked: v(), text: v(), description: v(), line: m(), column: m(), offset: m(), indent: m(),
      depth: m(), parent: m(), due: v(), scheduled: v(), start: v(), done: v(), created: v(), cancelled: v(), priority: v(),
      recurrence: v(), id: v(), dependsOn: v(), tags: v(), blockId: v(), jiraKey: v() })],
  [["key", "project", "number", "line", "column", "offset"],
    (v, m) => ({ key: v(), project: v(), number: m(), line: m(), column: m(), offset: m() })],
];
// JSON text of the key list → literal (JSON keeps lists whose keys hold commas or quotes apart).
const BY_KEYS = new Map(LITERALS.map(([keys, make]) => [JSON.stringify(keys), make]));
// Shapes 1 to LITERALS.length are these, in this order, before the first op (the encoder's `NOTE_SHAPES`).
const NOTE_SHAPES = LITERALS.length;
// Shape number → its key names, as every call starts: none for 0, then the note shapes'.
const NOTE_NAMES = [undefined, ...LITERALS.map(([keys]) => keys)];

// The tape being read and the reader's place in it: module state, so that `value` is one function for every call
// (the makers' calls of it stay monomorphic). `decodeTape` calls nothing outside this module and is never
// re-entered.
let ops, nums, strs;
let o = 0, n = 0, s = 0;
// The last string value, for the "same string again" op.
let last = "";
let keys = [];
let names = [];
let keyedMakers = [];
let bareMakers = [];

export function decodeTape(opsIn, numsIn, strsIn) {
  ops = opsIn; nums = numsIn; strs = strsIn;
  o = 0; n = 0; s = 0; last = "";
  keys = [];
  names = NOTE_NAMES.slice();
  keyedMakers = [];
  bareMakers = [];
  const out = value();
  ops = nums = strs = undefined;
  keys = names = keyedMakers = bareMakers = undefined;
  last = "";
  return out;
}

function key(k) {
  if ((k & 7) !== 4) return keys[(k >>> 3) - 2];
  const end = s + (k >>> 3);
  const name = strs.slice(s, end);
  s = end;
  keys.push(name);
  return name;
}
// A data property even for "__proto__", as JSON.parse makes it: a key never sets the prototype.
function set(obj, name, v) {
  if (name === "__proto__") Object.defineProperty(obj, name, { value: v, enumerable: true, configurable: true, writable: true });
  else obj[name] = v;
}
// A value expected to be a number (a position): its op is a bare NUMBER op, else any value.
function num() {
  if (ops[o] === 3) {
    o++;
    return nums[n++];
  }
  return value();
}
function next() {
  o++;
  return value();
}
// Key ops and values until the object's end.
function keyed(obj) {
  for (let k = ops[o++]; k !== 7; k = ops[o++]) set(obj, key(k), value());
  return obj;
}
function templateOf(shapeNames) {
  const template = {};
  for (const name of shapeNames) set(template, name, null);
  return template;
}
function keyedMaker(shapeNames) {
  const literal = BY_KEYS.get(JSON.stringify(shapeNames));
  if (literal !== undefined) {
    return () => {
      const obj = literal(next, next);
      o++;
      return obj;
    };
  }
  const template = templateOf(shapeNames);
  return () => keyed({ ...template });
}
function bareMaker(shapeNames) {
  const literal = BY_KEYS.get(JSON.stringify(shapeNames));
  if (literal !== undefined) return () => literal(value, num);
  const template = templateOf(shapeNames);
  return () => {
    const obj = { ...template };
    for (const name of shapeNames) set(obj, name, value());
    return obj;
  };
}
function value() {
  const op = ops[o++];
  switch (op & 7) {
    case 0: return op === 0 ? null : last;
    case 1: return false;
    case 2: return true;
    case 3: return nums[n++];
    case 4: { const end = s + (op >>> 3); last = strs.slice(s, end); s = end; return last; }
    case 5: {
      const len = op >>> 3;
      // A packed empty literal for the many empty lists (a task's tags, dependsOn), not a holey array.
      if (len === 1) return [];
      if (len > 0) {
        const items = new Array(len - 1);
        for (let i = 0; i < len - 1; i++) items[i] = value();
        return items;
      }
      const items = [];
      while (ops[o] !== 7) items.push(value());
      o++;
      return items;
    }
    case 6: {
      const shape = op >>> 5;
      const mode = (op >>> 3) & 3;
      if (mode === 1) {
        if (shape <= NOTE_SHAPES) return LITERALS[shape - 1][1](value, num);
        let make = bareMakers[shape];
        if (make === undefined) make = bareMakers[shape] = bareMaker(names[shape]);
        return make();
      }
      if (mode === 2) {
        // The shape's first keys, then ESCAPE (15), then keyed.
        const obj = {};
        const shapeNames = names[shape];
        for (let i = 0; ops[o] !== 15; i++) set(obj, shapeNames[i], value());
        o++;
        return keyed(obj);
      }
      // `null`: the shape's first keyed object has been read (its keys are in `keys`), the maker not chosen yet;
      // the second chooses it (most shapes met keyed, a front matter's, have one object).
      const make = keyedMakers[shape];
      if (make) return make();
      if (make === null) return (keyedMakers[shape] = keyedMaker(names[shape]))();
      const obj = {};
      const shapeNames = [];
      for (let k = ops[o++]; k !== 7; k = ops[o++]) {
        const name = key(k);
        shapeNames.push(name);
        set(obj, name, value());
      }
      if (shape > 0) {
        names[shape] = shapeNames;
        keyedMakers[shape] = null;
      }
      return obj;
    }
    default: throw new Error("corrupt tape");
  }
}
"#)]
extern "C" {
    /// Rebuilds the value `ops`, `nums` and `strs` encode (see the module documentation).
    #[wasm_bindgen(js_name = decodeTape)]
    pub fn decode_tape(ops: &[u32], nums: &[f64], strs: &str) -> JsValue;
}
